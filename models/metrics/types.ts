// Column types of the per-region-day metrics. Every column has one value per day of the
// input series (index 0 = its first day); NaN means unknown.

/** Metrics of one region, or of many regions laid out back to back (see RegionSegments). */
export interface DailyMetrics {
  /** cum[t] − cum[t−1] as reported, negative corrections included; NaN at t = 0. */
  newCasesRaw: Float64Array;
  /** newCasesRaw clamped at 0: the input of every rate below. */
  newCases: Float64Array;
  /** Trailing 7-day mean of newCases. */
  newCases7dAvg: Float64Array;
  /** newCases7dAvg per 100k people: Covid Act Now's caseDensity. */
  caseDensity: Float64Array;
  /** Trailing 7-day sum of newCases per 100k: the CDC's weekly case rate. */
  weeklyCasesPer100k: Float64Array;
  /** Daily growth rate: ln(7-day sum / previous 7-day sum) / 7. */
  growthRate: Float64Array;
  /** ln 2 / growthRate in days; Infinity when not growing, NaN when unknown. */
  doublingTime: Float64Array;
  newDeathsRaw: Float64Array;
  newDeaths: Float64Array;
  newDeaths7dAvg: Float64Array;
  /** Cumulative deaths per 100k. */
  deathsPer100k: Float64Array;
  /** Trailing 7-day sum of newDeaths per 100k. */
  weeklyDeathsPer100k: Float64Array;
}

/**
 * Many regions' daily series stored back to back: region i owns rows
 * [offsets[i], offsets[i + 1]) with consecutive days starting at firstDay[i].
 */
export interface RegionSegments {
  regionIds: Int32Array;
  firstDay: Int32Array;
  /** Length regionIds.length + 1. */
  offsets: Int32Array;
}

/** Weekly incidence per epiweek: values[i] belongs to the week ending Saturday firstSaturday + 7i. */
export interface WeeklyIncidence {
  firstSaturday: number;
  values: Float64Array;
}
