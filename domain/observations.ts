// Region-day values in columns (typed arrays), as adapters produce them, messages carry them,
// storage keeps them and the models read them. `day` is a day number (days.ts).

/**
 * Observations in columns. A metric column that is absent means "this source/file does not
 * carry it" and leaves the stored value alone; NaN inside a present column means "unknown for
 * this day" and is stored as NULL.
 */
export interface ObservationColumns {
  regionId: Int32Array;
  day: Int32Array;
  cumCases?: Float64Array;
  newCases?: Float64Array;
  cumDeaths?: Float64Array;
  newDeaths?: Float64Array;
}

/** Columnar history of one dataset, sorted by (regionId, day): what the risk snapshot reads. */
export interface ObservationSeries {
  regionId: Int32Array;
  day: Int32Array;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
}

/**
 * Social-activity (mobility) values in columns, keyed like observations. Each value is a
 * percent change from the publisher's baseline (-13.3 means 13.3 % below). Same semantics as
 * ObservationColumns: an absent column is left alone, NaN inside a column means "not
 * published" and never overwrites a stored value.
 */
export interface MobilityColumns {
  regionId: Int32Array;
  day: Int32Array;
  retailAndRecreation?: Float64Array;
  groceryAndPharmacy?: Float64Array;
  parks?: Float64Array;
  transitStations?: Float64Array;
  workplaces?: Float64Array;
  residential?: Float64Array;
  /** Opportunity Insights only: imputed time away from home. */
  awayFromHome?: Float64Array;
}

/** One source's mobility history, sorted by (regionId, day); NaN = not published. */
export type MobilitySeries = Required<MobilityColumns>;

/** One region-day of mobility as plain numbers (null = not published). */
export interface MobilityValues {
  retailAndRecreation: number | null;
  groceryAndPharmacy: number | null;
  parks: number | null;
  transitStations: number | null;
  workplaces: number | null;
  residential: number | null;
  awayFromHome: number | null;
}
