// Weekly indicators that the CDC still publishes (NHSN admissions, NSSP emergency-department
// visits), as region-weeks with the publication they come from. Shared by pipelines (adapters),
// sql (storage), workers (risk answer) and models (forecasts): this file imports nothing.
//
// Day numbers are days since 1970-01-01 (UTC). `weekEnd` is the Saturday that ends the week;
// `asOf` is the day the values were published (a revision is a later asOf for the same week).

/** Source ids of the weekly adapters; each is also the dataset its rows are stored under. */
export const COVIDHUB_HOSP_SOURCE = "covidhub-hosp";
export const COVIDHUB_TIME_SERIES_SOURCE = "covidhub-time-series";
export const NSSP_ED_VISITS_SOURCE = "nssp-ed-visits";

/**
 * What a weekly value measures:
 * - `hosp-admissions`: confirmed COVID-19 hospital admissions in the week (NHSN; hub target `wk inc covid hosp`);
 * - `ed-visits-prop`: share of ED visits due to COVID-19, a proportion 0–1 (hub target `wk inc covid prop ed visits`);
 * - `ed-visits-pct`: the same as a percent 0–100, per county/state/nation, with CDC's level and trend (NSSP raw).
 */
export const WEEKLY_METRICS = ["hosp-admissions", "ed-visits-prop", "ed-visits-pct"] as const;
export type WeeklyMetric = (typeof WEEKLY_METRICS)[number];

/** CDC's NSSP classification, in order; stored as its index (0 = very-low), -1 = none. */
export const ED_LEVELS = ["very-low", "low", "moderate", "high", "very-high"] as const;
export type EdLevel = (typeof ED_LEVELS)[number];
/** NSSP trend, stored as its index (0 = decreasing), -1 = none. */
export const ED_TRENDS = ["decreasing", "no-change", "increasing"] as const;
export type EdTrend = (typeof ED_TRENDS)[number];

/** CDC COVID-19 Community Levels on new admissions per 100k over 7 days: low < 10, medium 10–19.9, high ≥ 20. */
export type AdmissionLevel = "low" | "medium" | "high";

/**
 * Region-weeks in columns, one row per (regionId, weekEnd) of one publication. NaN in `value`
 * = published as missing; `missingReason` then says why (e.g. "Data Unavailable",
 * "Limited Data"), else null. `level` and `trend` are -1 when absent (every metric but
 * `ed-visits-pct`).
 */
export interface WeeklyColumns {
  metric: WeeklyMetric;
  regionId: Int32Array;
  weekEnd: Int32Array;
  asOf: Int32Array;
  value: Float64Array;
  level: Int8Array;
  trend: Int8Array;
  missingReason: (string | null)[];
}

/** One stored version of a region-week (oldest first in a revision history). */
export interface WeeklyRevision {
  asOf: string;
  value: number | null;
  level: EdLevel | null;
  trend: EdTrend | null;
  missingReason: string | null;
}

/**
 * Every region's weekly series of one (source, metric) as known on a day: for each region-week,
 * the newest version whose asOf ≤ that day. Sorted by (regionId, weekEnd).
 */
export type WeeklySeries = Omit<WeeklyColumns, "metric">;

/** A series with no region-weeks. */
export function emptySeries(): WeeklySeries {
  return {
    regionId: new Int32Array(0),
    weekEnd: new Int32Array(0),
    asOf: new Int32Array(0),
    value: new Float64Array(0),
    level: new Int8Array(0),
    trend: new Int8Array(0),
    missingReason: [],
  };
}

/** A row taken out of a batch on its way to storage (a quarantine row: line = position in the batch). */
export interface DroppedRow {
  source: string;
  jobId: string;
  line: number;
  raw: string;
  reason: string;
}

/**
 * What storage offers for weekly data (implemented by both drivers in sql/, in the shared
 * contract suite). Dates are "YYYY-MM-DD".
 */
export interface WeeklyStore {
  /** Apply one data message of a job, exactly once per (jobId, seq). A version identical to the newest stored one with asOf ≤ its own is not written (unchanged). */
  /** `dropped`: rows taken out of the batch before storage, quarantined in the same transaction. */
  applyWeekly(
    jobId: string,
    seq: number,
    source: string,
    columns: WeeklyColumns,
    dropped?: DroppedRow[],
  ): Promise<{ applied: boolean; accepted: number; unchanged: number; revised: number; rejected: number; regions: number }>;
  /** The series as known on `asOf` (default: everything stored). */
  loadWeeklySeries(source: string, metric: WeeklyMetric, asOf?: string): Promise<WeeklySeries>;
  /** All stored versions of one region-week, oldest first. */
  weeklyRevisions(source: string, metric: WeeklyMetric, regionId: number, weekEnd: string): Promise<WeeklyRevision[]>;
  /** Stored region-week versions, of one source or of all. */
  countWeekly(source?: string): Promise<number>;
}
