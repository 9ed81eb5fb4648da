// Storage of the risk models' results: the latest metrics and levels per region, quantile
// forecasts and cluster runs. Written by the exposure-risk worker after each recompute.
import type { ClusterRunKind, RegionLevel } from "../domain/mod.ts";

/** Latest computed figures of one region (NaN-free: null = unknown). */
export interface RiskSnapshotRecord {
  regionId: number;
  /** Observation dataset the figures come from. */
  dataset: string;
  /** Day number (days since 1970-01-01) the figures are as of. */
  day: number;
  /** Id of the recompute that produced the row. */
  runId: string;
  newCases7dAvg: number | null;
  caseDensity: number | null;
  weeklyCasesPer100k: number | null;
  growthRate: number | null;
  doublingTime: number | null;
  newDeaths7dAvg: number | null;
  deathsPer100k: number | null;
  weeklyDeathsPer100k: number | null;
  /** Rt posterior mean and 90% credible interval, describing day − rtLagDays. */
  rt: number | null;
  rtLow: number | null;
  rtHigh: number | null;
  rtLagDays: number;
  /** Covid Act Now level names ("low" … "extreme", "unknown") and the CDC level name. */
  caseDensityLevel: string;
  infectionRateLevel: string;
  overallLevel: string;
  cdcLevel: string;
  /** Mean of the publisher's mobility changes (percent from baseline), when a source covers the region. */
  mobilityChange: number | null;
  /** Estimated fraction infectious (event-risk prevalence) with its low/high ascertainment bounds. */
  prevalence: number | null;
  prevalenceLow: number | null;
  prevalenceHigh: number | null;
  clusterRunId: number | null;
  cluster: number | null;
}

/**
 * Quantile forecasts of one model and forecast date, columnar: row i is one (region, target)
 * with its 23 quantile values at quantiles[i·23 … i·23 + 23) (QUANTILE_LEVELS order).
 */
export interface ForecastSet {
  model: string;
  /** The Monday forecast_date (the Saturday reference date for `wk inc covid hosp`), as a day number. */
  forecastDay: number;
  runId: string;
  regionId: Int32Array;
  /** Forecast Hub location code per row (FIPS, "US", ISO code). */
  location: string[];
  /** Hub target per row, e.g. "2 wk ahead inc case", or "1 wk inc covid hosp" (horizon, then the hubverse target). */
  target: string[];
  targetEndDay: Int32Array;
  quantiles: Float64Array;
}

export interface StoredForecast {
  model: string;
  regionId: number;
  location: string;
  forecastDay: number;
  target: string;
  targetEndDay: number;
  /** 23 values in QUANTILE_LEVELS order. */
  quantiles: number[];
  runId: string;
}

// historical: clustered on the daily case history; current: on the current CDC weekly indicators.
export type { ClusterRunKind } from "../domain/mod.ts";

export interface ClusterRunInput {
  level: RegionLevel;
  /** Default "historical". Each kind has its own run history (latest, previous, listing). */
  kind?: ClusterRunKind;
  /** Feature names, in column order of centroids. */
  features: string[];
  k: number;
  silhouette: number;
  calinskiHarabasz: number;
  /** Adjusted Rand index against a re-run with another seed. */
  seedStability: number;
  /** Adjusted Rand index against the previous stored run of the level (regions in both); null for the first. */
  ariPrevious: number | null;
  previousRunId: number | null;
  /** k × features centroids in original units, row-major, cluster 0 = lowest risk. */
  centroids: Float64Array;
  asOfDay: number;
  runId: string;
  regionId: Int32Array;
  cluster: Int32Array;
}

export interface ClusterRunRecord extends ClusterRunInput {
  kind: ClusterRunKind;
  id: number;
  createdAt: string;
}

export interface RiskStorage {
  /** Upserts the latest figures per region; returns rows written. */
  saveRiskSnapshots(rows: RiskSnapshotRecord[]): Promise<number>;
  getRiskSnapshot(regionId: number): Promise<RiskSnapshotRecord | null>;
  /** Upserts forecasts keyed by (model, region, forecast date, target); returns rows written. */
  saveForecasts(set: ForecastSet): Promise<number>;
  /** One region's forecasts of a forecast date (default: its latest), every model unless one is named. */
  listForecasts(regionId: number, opts?: { model?: string; forecastDay?: number }): Promise<StoredForecast[]>;
  /** Stores a cluster run and its assignments in one transaction. */
  saveClusterRun(run: ClusterRunInput): Promise<ClusterRunRecord>;
  /** The newest run of a level and kind (default historical) with its assignments, or null. */
  latestClusterRun(level: RegionLevel, kind?: ClusterRunKind): Promise<ClusterRunRecord | null>;
  /** Runs of one kind (default historical) newest first (assignments left empty). */
  listClusterRuns(level?: RegionLevel, limit?: number, kind?: ClusterRunKind): Promise<ClusterRunRecord[]>;
}
