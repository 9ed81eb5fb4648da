// Interval score and weighted interval score (Bracher, Ray, Gneiting & Reich, PLoS Comput
// Biol 17(2): e1008618, 2021):
//   IS_α(l, u; y) = (u − l) + (2/α)(l − y)·1[y < l] + (2/α)(y − u)·1[y > u]
//   WIS(F, y) = (½|y − m| + Σ_k (α_k/2) · IS_αk(F, y)) / (K + ½)
// For the Hub's 23 levels K = 11: α = 0.02, 0.05, 0.1, 0.2, …, 0.9 plus the median.
import { ScoringInputError } from "./errors.ts";
import type { IntervalLayout } from "./types.ts";

export function intervalScore(lower: number, upper: number, y: number, alpha: number): number {
  let s = upper - lower;
  if (y < lower) s += (2 / alpha) * (lower - y);
  else if (y > upper) s += (2 / alpha) * (y - upper);
  return s;
}

/**
 * Pairs the levels into central intervals (τ with 1 − τ) around the median. Throws
 * ScoringInputError if the levels are not ascending, lack 0.5, or are not symmetric.
 */
export function intervalLayout(levels: ArrayLike<number>): IntervalLayout {
  const n = levels.length;
  for (let i = 1; i < n; i++) {
    if (!(levels[i] > levels[i - 1])) throw new ScoringInputError("quantile levels must be strictly ascending");
  }
  if (n % 2 !== 1) throw new ScoringInputError(`need an odd number of symmetric levels with a median, got ${n}`);
  const medianIndex = (n - 1) / 2;
  if (Math.abs(levels[medianIndex] - 0.5) > 1e-12) throw new ScoringInputError("the middle quantile level must be 0.5");
  const k = medianIndex;
  const alphas = new Float64Array(k);
  const lowerIndex = new Int32Array(k);
  const upperIndex = new Int32Array(k);
  for (let i = 0; i < k; i++) {
    const lo = levels[i];
    const hi = levels[n - 1 - i];
    if (Math.abs(lo + hi - 1) > 1e-9) throw new ScoringInputError(`levels ${lo} and ${hi} do not form a central interval`);
    alphas[i] = 2 * lo;
    lowerIndex[i] = i;
    upperIndex[i] = n - 1 - i;
  }
  return { alphas, lowerIndex, upperIndex, medianIndex };
}

/**
 * WIS of one quantile forecast `values` (at the layout's levels, starting at `offset`) against
 * the truth y. Quantiles are used as given (crossing quantiles are the caller's problem).
 */
export function weightedIntervalScore(layout: IntervalLayout, values: ArrayLike<number>, y: number, offset = 0): number {
  let sum = 0.5 * Math.abs(y - values[offset + layout.medianIndex]);
  for (let k = 0; k < layout.alphas.length; k++) {
    const alpha = layout.alphas[k];
    sum += (alpha / 2) * intervalScore(values[offset + layout.lowerIndex[k]], values[offset + layout.upperIndex[k]], y, alpha);
  }
  return sum / (layout.alphas.length + 0.5);
}
