// The region-day tables (observations, social_activity) and how an API batch maps onto them.
// A batch is staged as it arrives (its columns, one row per region-day) and then written as one
// or more parts: observations take one part per metric (cases / deaths rows), mobility one.
import type { MobilityColumns, ObservationColumns } from "./types.ts";

export type MetricKey = Exclude<keyof ObservationColumns, "regionId" | "day">;
export type MobilityKey = Exclude<keyof MobilityColumns, "regionId" | "day">;

export const OBSERVATION_COLUMNS: Record<MetricKey, string> = {
  cumCases: "cum_cases",
  newCases: "new_cases",
  cumDeaths: "cum_deaths",
  newDeaths: "new_deaths",
};
export const METRIC_KEYS = Object.keys(OBSERVATION_COLUMNS) as MetricKey[];

export const MOBILITY_COLUMNS: Record<MobilityKey, string> = {
  retailAndRecreation: "retail_and_recreation",
  groceryAndPharmacy: "grocery_and_pharmacy",
  parks: "parks",
  transitStations: "transit_stations",
  workplaces: "workplaces",
  residential: "residential",
  awayFromHome: "away_from_home",
};
export const MOBILITY_KEYS = Object.keys(MOBILITY_COLUMNS) as MobilityKey[];

export type RegionDayTableName = "observations" | "social_activity";

/** Every column a staged batch of each table can have, after region_id and day. */
export const STAGE_COLUMNS: Record<RegionDayTableName, string[]> = {
  observations: Object.values(OBSERVATION_COLUMNS),
  social_activity: Object.values(MOBILITY_COLUMNS),
};

/** A key column before region_id and day whose value is the same for every row of a part. */
export interface FixedKey {
  column: string;
  value: string | number;
  /** SQL type of the value. */
  type: "text" | "int2";
}

/** One set of target rows: constant key values, and which staged column feeds each target column. */
export interface RegionDayPart {
  /**
   * Observations: series_id, resolved by storage from the source and this part's metric before
   * the write; mobility: source.
   */
  fixed: FixedKey[];
  metric?: "cases" | "deaths";
  targetColumns: string[];
  stagedColumns: string[];
}

export interface RegionDayBatch {
  table: RegionDayTableName;
  regionId: Int32Array;
  day: Int32Array;
  /** Staged value columns present in the batch (NaN = NULL), and their values. */
  columns: string[];
  values: Float64Array[];
  parts: RegionDayPart[];
}

export function observationBatch(c: ObservationColumns): RegionDayBatch {
  const present = METRIC_KEYS.filter((k) => c[k] !== undefined);
  const parts: RegionDayPart[] = [];
  for (const [metric, cum, fresh] of [
    ["cases", "cumCases", "newCases"],
    ["deaths", "cumDeaths", "newDeaths"],
  ] as const) {
    const targetColumns: string[] = [];
    const stagedColumns: string[] = [];
    if (c[cum]) targetColumns.push("cum_value"), stagedColumns.push(OBSERVATION_COLUMNS[cum]);
    if (c[fresh]) targetColumns.push("new_value"), stagedColumns.push(OBSERVATION_COLUMNS[fresh]);
    if (targetColumns.length > 0) parts.push({ fixed: [], metric, targetColumns, stagedColumns });
  }
  return {
    table: "observations",
    regionId: c.regionId,
    day: c.day,
    columns: present.map((k) => OBSERVATION_COLUMNS[k]),
    values: present.map((k) => c[k]!),
    parts,
  };
}

export function mobilityBatch(c: MobilityColumns, source: string): RegionDayBatch {
  const present = MOBILITY_KEYS.filter((k) => c[k] !== undefined);
  const columns = present.map((k) => MOBILITY_COLUMNS[k]);
  return {
    table: "social_activity",
    regionId: c.regionId,
    day: c.day,
    columns,
    values: present.map((k) => c[k]!),
    parts: [{ fixed: [{ column: "source", value: source, type: "text" }], targetColumns: columns, stagedColumns: columns }],
  };
}
