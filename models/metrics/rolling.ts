// O(n) trailing windows over daily values with explicit unknowns: a window that contains a
// NaN (or reaches before the first day) is NaN, never a silently shorter average.

/** out[t] = Σ values[t−w+1 … t]; NaN for t < w − 1 or when the window holds a NaN. */
export function trailingSum(values: Float64Array, window: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  let sum = 0;
  let nanCount = 0;
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    if (Number.isNaN(v)) nanCount++;
    else sum += v;
    if (t >= window) {
      const old = values[t - window];
      if (Number.isNaN(old)) nanCount--;
      else sum -= old;
    }
    // Recompute now and then so that floating-point drift of the running sum cannot build up.
    if ((t & 1023) === 1023) sum = exactWindowSum(values, t, window);
    out[t] = t < window - 1 || nanCount > 0 ? Number.NaN : sum;
  }
  return out;
}

/** Trailing mean over `window` days (trailingSum / window). */
export function trailingMean(values: Float64Array, window: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  trailingSum(values, window, out);
  for (let t = 0; t < out.length; t++) out[t] /= window;
  return out;
}

/** value × 100 000 / population; all NaN when the population is unknown or not positive. */
export function scalePer100k(values: Float64Array, population: number, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const k = population > 0 ? 100_000 / population : Number.NaN;
  for (let t = 0; t < values.length; t++) out[t] = values[t] * k;
  return out;
}

function exactWindowSum(values: Float64Array, t: number, window: number): number {
  let s = 0;
  for (let i = Math.max(0, t - window + 1); i <= t; i++) if (!Number.isNaN(values[i])) s += values[i];
  return s;
}
