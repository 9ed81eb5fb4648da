// Types of the risk-model recompute: everything derived from one snapshot's series for all
// regions at once (latest figures, forecasts, cluster runs), computed off the request path and
// then attached to the snapshot that answers queries.
import type { ClusterRunInput, RegionLevel, RiskSnapshotRecord } from "../../../sql/mod.ts";
import type { ClusterAssignment } from "../clusters.ts";
import type { RegionForecast } from "../forecasts.ts";
import type { LatestMobility } from "./mobility.ts";

export type AscertainmentMode = "constant" | "time-aware";

export interface RecomputeOptions {
  /** Infections per reported case for the constant mode (default 5; interval 3–10). */
  ascertainment: number;
  /** Constant (default) or Youyang Gu's time- and test-aware ratio. */
  ascertainmentMode?: AscertainmentMode;
  /** Previous cluster labels per level, for the adjusted Rand index against the last run. */
  previousRuns?: Map<RegionLevel, PreviousClusterRun>;
  /** Latest mobility change per region (percent) with its day, from the social-activity datasets. */
  mobility?: LatestMobility;
  /** Give the event loop a turn after this many ms of work (default 20), so queries keep flowing. */
  sliceMs?: number;
  /** Forecast models to run (default both: covid-mesh answers, the baseline is stored to score against). */
  baseline?: boolean;
  /** Strength of the mobility contact adjustment of the event risk (default 0: off). */
  contactStrength?: number;
  /** Aborts the recompute between regions (the worker is stopping). */
  signal?: AbortSignal;
}

export interface PreviousClusterRun {
  /** cluster_runs.id; null when the run was not stored. */
  id: number | null;
  regionId: Int32Array;
  cluster: Int32Array;
}

/** One level's cluster run, ready to store (previousRunId/ariPrevious filled in). */
export type LevelClusterRun = ClusterRunInput;

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
  /** Cluster membership in the form the query handlers read (snapshot.clusters). */
  assignment: ClusterAssignment;
  timings: RecomputeTimings;
  /** cluster_runs ids of clusterRuns, filled in once they are stored. */
  storedRunIds?: number[];
}

export interface RecomputeTimings {
  metricsMs: number;
  clustersMs: number;
  forecastsMs: number;
  totalMs: number;
  regions: number;
}
