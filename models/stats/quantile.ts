// Sample quantiles over typed arrays. Type 7 is R's default (`quantile(x, p)`), which the
// Forecast Hub's baseline uses, so our baseline reproduces its numbers.
// Ours, not simple-statistics': its quantileSorted picks an order statistic (no interpolation), not type 7.
import { ModelInputError } from "../errors.ts";

/**
 * Type-7 quantile of an ascending-sorted array: h = (n − 1)·p, linear interpolation between
 * the order statistics around h. Throws on an empty array or p outside [0, 1].
 */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new ModelInputError("quantile of an empty sample");
  if (!(p >= 0 && p <= 1)) throw new ModelInputError(`quantile level must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

/** Type-7 quantiles at several levels of an unsorted sample (NaN values are dropped first). */
export function quantiles(values: Float64Array, levels: ArrayLike<number>): Float64Array {
  const sorted = sortedFinite(values);
  const out = new Float64Array(levels.length);
  for (let i = 0; i < levels.length; i++) out[i] = quantileSorted(sorted, levels[i]);
  return out;
}

/** R's median: the middle order statistic, or the mean of the two middle ones. */
export function medianSorted(sorted: Float64Array): number {
  return quantileSorted(sorted, 0.5);
}

/** Copy of the non-NaN values, sorted ascending (typed-array sort is numeric). */
export function sortedFinite(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[j++] = values[i];
  return out.sort();
}
