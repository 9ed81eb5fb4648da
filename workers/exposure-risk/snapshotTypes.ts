// What the risk worker answers from: the snapshot (registry, dense daily series, locator) and
// the risk models computed over it (compute/). Types and small helpers only, so every module of
// the worker can read a snapshot without importing the code that builds it (snapshot.ts) or
// computes its models (compute/).
import type { Clusters, RegionRecord } from "../../domain/mod.ts";
import type { RegionLocator } from "../../models/mod.ts";
import type { ClusterRunInput, RiskSnapshotRecord } from "../../sql/mod.ts";
import type { SnapshotMemo } from "./memo.ts";

export interface RegionSeries {
  region: RegionRecord;
  /** The dataset these values come from (e.g. "jhu-us"). */
  dataset: string;
  /** Day number (days since 1970-01-01) of index 0. */
  firstDay: number;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
}

export interface Snapshot {
  datasets: string[];
  builtAt: string;
  /** Regions with data, by id. */
  series: Map<number, RegionSeries>;
  /** The whole registry, by id (regions without data included: they still have boundaries). */
  regions: Map<number, RegionRecord>;
  locator: RegionLocator;
  /** Latest day with data in any region, or -1 when empty. */
  lastDay: number;
  memo: SnapshotMemo;
  /**
   * The risk models (compute/): figures, covid-mesh forecasts and clusters of every region. Absent
   * until the first recompute lands; a rebuilt snapshot carries the previous models until its own.
   */
  models?: RiskModels;
}

/** A region's data is fresh when it reaches within this many days of the newest data. */
export const FRESH_DAYS = 14;

export const lastDayOf = (s: RegionSeries): number => s.firstDay + s.cumCases.length - 1;

/** Can `s` answer as of `day`: it has begun by then and does not end more than FRESH_DAYS before it. */
export const coversDay = (s: RegionSeries, day: number): boolean => s.firstDay <= day && day <= lastDayOf(s) + FRESH_DAYS;

/** Forecast weeks ahead. */
export const HORIZONS = 4;

export interface RegionForecast {
  model: string;
  /** Day number of the last observed Saturday (end of the last complete epiweek). */
  lastSaturday: number;
  /** Monday after lastSaturday: the Hub's forecast_date. */
  forecastDay: number;
  /** HORIZONS × 23 quantiles, horizon-major; null when the history is too short. */
  cases: Float64Array | null;
  deaths: Float64Array | null;
  lastWeekCases: number;
  lastWeekDeaths: number;
}

/** Cluster membership as the query handlers read it. */
export interface ClusterAssignment {
  method: string;
  clusters: Clusters["clusters"];
  /** regionId → cluster id. */
  byRegion: Map<number, number>;
}

/** One level's cluster run, ready to store (previousRunId/ariPrevious filled in). */
export type LevelClusterRun = ClusterRunInput;

export interface RecomputeTimings {
  metricsMs: number;
  clustersMs: number;
  forecastsMs: number;
  totalMs: number;
  regions: number;
}

/** Everything the recompute derives from one snapshot's series for all regions at once. */
export interface RiskModels {
  runId: string;
  builtAt: string;
  /** Latest day with data in any region. */
  lastDay: number;
  /** Latest figures per region (runId filled, cluster ids filled once runs are stored). */
  latest: Map<number, RiskSnapshotRecord>;
  /** covid-mesh forecasts per region (what answers show). */
  forecasts: Map<number, RegionForecast>;
  /** COVIDhub-baseline forecasts per region (stored as the reference). */
  baselineForecasts: Map<number, RegionForecast>;
  clusterRuns: LevelClusterRun[];
  /** Contact-adjustment strength answers apply with these models (0 = none). */
  contactStrength: number;
  /** The cluster runs as the query handlers read them (clusters.ts). */
  assignment: ClusterAssignment;
  timings: RecomputeTimings;
  /** cluster_runs ids of clusterRuns, filled in once they are stored. */
  storedRunIds?: number[];
}
