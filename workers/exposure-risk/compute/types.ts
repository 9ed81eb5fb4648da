// Options of the risk-model recompute. What it computes (RiskModels) is declared with the
// snapshot it is attached to (snapshotTypes.ts).
import type { RegionLevel } from "../../../domain/mod.ts";
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

export type { LevelClusterRun, RecomputeTimings, RiskModels } from "../snapshotTypes.ts";
