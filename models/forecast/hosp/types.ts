// Input, output and settings of the hospital-admissions forecaster.
import type { WeeklySeries } from "../../../domain/mod.ts";

export const HOSP_TARGET = "wk inc covid hosp";
/** Hub horizons: weeks after the Saturday reference date (−1 = the last reported week, revised). */
export const HOSP_HORIZONS: readonly number[] = [-1, 0, 1, 2, 3];

export interface HospForecastInput {
  /** The Saturday reference date ("YYYY-MM-DD" or day number). */
  referenceDate: string | number;
  /**
   * Weekly admissions (metric hosp-admissions) as published up to referenceDate − 3 days. One
   * version per region-week is enough; when earlier versions are included too (several asOf
   * per region-week), the model also learns from its real-time errors and from revisions.
   * Versions published after referenceDate − 3 days are ignored.
   */
  admissions: WeeklySeries;
  /**
   * Optional share of ED visits due to COVID-19 (metric ed-visits-prop, 0–1) per region-week, as
   * published up to referenceDate − 3 days (earlier versions may be included too). Regions
   * without it are forecast from admissions alone.
   */
  edVisits?: WeeklySeries;
  /** Region id → population; defaults to the hub's locations.csv table. */
  population?: ReadonlyMap<number, number>;
  options?: Partial<HospModelOptions>;
}

export interface HospForecast {
  regionId: number;
  /** Hub location code ("01"…"72", "US"). */
  location: string;
  referenceDate: string;
  horizon: number;
  targetEndDate: string;
  /** 23 quantiles at QUANTILE_LEVELS, non-decreasing, ≥ 0. */
  quantiles: Float64Array;
}

export interface HospModelOptions {
  /** Offset of the log transform, in admissions per 100k per week: z = log(rate + offset). */
  offset: number;
  /** Raise the last weeks by the revisions seen at past reference dates (needs earlier versions in the input). */
  backfill: boolean;
  /** AR members of orders 1…maxOrder (plus the flat member), combined by their median. */
  maxOrder: number;
  /** Include the flat forecast among the members (pulls the median towards no change). */
  flatMember: boolean;
  /** VAR members (admissions + ED visits) of orders 1…edOrder, when ED data are given. */
  edOrder: number;
  /** Weeks the VAR members are fitted on. */
  edWindow: number;
  /** Offset of the ED log transform, as a share (0.0005 = 0.05% of visits). */
  edOffset: number;
  /** How members are combined: their median, or weights from their recent real-time errors. */
  combine: "median" | "weighted";
  /** Weeks of growth rates each AR member is fitted on. */
  window: number;
  /** Ridge penalty, relative to the mean diagonal of XᵀX. */
  ridge: number;
  /** Floor of the noise scale s_i = √(floor² + 1/(recent mean count + 1)) that weights regions in the AR fits. */
  noiseFloor: number;
  /** Past reference dates whose real-time errors calibrate the quantiles. */
  errorOrigins: number;
  /** Regions (nearest in recent level, itself included) whose errors a region's quantiles pool. */
  neighbours: number;
  /** Fewer errors than this for a step: use the 1-step errors scaled by √steps. */
  minErrors: number;
  /** Multiplies the error quantiles (1 = as measured); the fallback when `calibrate` finds nothing to score. */
  widen: number;
  /** Choose the multiplier at each reference date from the preceding dates (calibration.ts). */
  calibrate: boolean;
  /** Past reference dates the multiplier is scored on. */
  calibrationOrigins: number;
  /**
   * Choose the point combination (POINT_CANDIDATES in onlineSelection.ts) and the interval width
   * (conformal.ts) at each reference date from the preceding ones. Overrides combine, maxOrder,
   * widen and calibrate (widen stays the fallback while there is too little to score).
   */
  online: boolean;
  /** Online: choose the candidate per step ahead (each horizon its own lowest past score), not one for all. */
  perStepChoice: boolean;
  /** AR orders 1…onlineArOrder among the online candidates' members. */
  onlineArOrder: number;
  /** K: past reference dates (per step ahead) the candidates and widths are scored on. */
  selectionOrigins: number;
  /** Newest weeks of the visible publication not used as truth in the online scoring (still revised). */
  truthLag: number;
  /** Central interval the conformal width is calibrated for (its coverage target). */
  coverageTarget: number;
  /** Bounds of the conformal width factor. */
  widenBounds: readonly [number, number];
  /** Fewer scored errors than this at a step: no online choice there (fallbacks). */
  minScores: number;
}

/**
 * offset, maxOrder, errorOrigins and widen were selected by bench/hospSelect.ts on the reference
 * dates 2024-11-23 … 2025-02-22 (before any reported date); the others were set by hand before.
 * With online (the default) the combination and the width are chosen at each reference date
 * instead (maxOrder, combine and widen then only matter as fallbacks); its constants were
 * declared before it was run on any date after 2025-02-22.
 */
export const DEFAULT_HOSP_OPTIONS: Readonly<HospModelOptions> = {
  offset: 0.2,
  backfill: true,
  maxOrder: 0,
  flatMember: true,
  edOrder: 2,
  edWindow: 26,
  edOffset: 0.0005,
  combine: "median",
  window: 12,
  ridge: 0.1,
  noiseFloor: 0.1,
  errorOrigins: 6,
  neighbours: 12,
  minErrors: 40,
  widen: 0.8,
  calibrate: false,
  calibrationOrigins: 8,
  // Declared before the online procedure was run on any reference date after 2025-02-22
  // (docs/models-hospital-admissions.md, "Online selection").
  online: true,
  perStepChoice: true,
  onlineArOrder: 2,
  selectionOrigins: 8,
  truthLag: 1,
  coverageTarget: 0.95,
  widenBounds: [0.5, 3],
  minScores: 100,
};
