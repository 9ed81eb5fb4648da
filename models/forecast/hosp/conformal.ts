// Conformal calibration of the interval width. The model's quantiles at a step are the quantiles
// of its recent real-time errors times a factor w. Given out-of-sample errors, each with the
// error distribution the model would have used for it, the factor is the smallest one that
// would have put a `target` share (0.95) of them inside the central `target` interval, pooled
// over locations, with the usual (n + 1) finite-sample correction of split conformal prediction.
// Every location-date counts once, as the hub's coverage counts it.
import { intervalLayout, weightedIntervalScore } from "../../evaluation/mod.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "../quantileLevels.ts";
import { quantileSorted7 } from "./quantile7.ts";

export interface ScoredError {
  /** truth − point forecast (log scale). */
  error: number;
  /** The sorted errors the quantiles for it would have been made from. */
  sorted: Float64Array;
  /** Weight in the WIS sum (the region's recent count, as WIS on counts weighs regions). */
  weight: number;
}

/** Smallest w ≥ 0 with w·lo ≤ e ≤ w·hi (Infinity when no w covers e). */
export function neededScale(e: number, lo: number, hi: number): number {
  if (e === 0) return 0;
  if (e > 0) return hi > 0 ? e / hi : Number.POSITIVE_INFINITY;
  return lo < 0 ? e / lo : Number.POSITIVE_INFINITY;
}

/** The conformal factor for the central `target` interval, clamped to bounds [min, max]. */
export function conformalScale(scored: readonly ScoredError[], _step: number, target: number, bounds: readonly [number, number]): number {
  const tail = (1 - target) / 2;
  const needs = Float64Array.from(scored, (x) => neededScale(x.error, quantileSorted7(x.sorted, tail), quantileSorted7(x.sorted, 1 - tail))).sort();
  const k = Math.min(needs.length - 1, Math.ceil((needs.length + 1) * target) - 1);
  return Math.min(bounds[1], Math.max(bounds[0], needs[k]));
}

const LAYOUT = intervalLayout(QUANTILE_LEVELS);

/** Summed weighted WIS (log scale) of the quantiles w × quantiles(sorted) against the errors. */
export function scoreWidth(scored: readonly ScoredError[], w: number): number {
  const q = new Float64Array(QUANTILE_COUNT);
  let sum = 0;
  for (const x of scored) {
    for (let j = 0; j < QUANTILE_COUNT; j++) q[j] = w * quantileSorted7(x.sorted, QUANTILE_LEVELS[j]);
    sum += x.weight * weightedIntervalScore(LAYOUT, q, x.error);
  }
  return sum;
}
