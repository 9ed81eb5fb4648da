// Gaussian smoothing of daily counts before the Rt filter, as Covid Act Now does (19-day
// window, σ = 5 days) but trailing: CAN centres the window (pandas rolling, center=True), so
// its last 9 days use a truncated window whose growth ratio is biased towards 1 (CAN then
// applies an empirical "tail suppression" correction), and those days are revised as new
// data arrives. The trailing window gives smoothed[t] = CAN's centred value for day t − 9:
// exact for exponential growth, never revised, at the price of a fixed lag of
// (window − 1)/2 = 9 days (RT_SMOOTHING_LAG_DAYS).

/** Gaussian weights of a window of `window` days, indexed by age d = 0 (today) … window − 1. */
export function gaussianWeights(window: number, std: number): Float64Array {
  const w = new Float64Array(window);
  const centre = (window - 1) / 2;
  for (let d = 0; d < window; d++) w[d] = Math.exp(-((d - centre) ** 2) / (2 * std * std));
  return w;
}

/**
 * out[t] = Σ_d w_d x[t − d] / Σ_d w_d over the days that exist and are known. Negative values
 * count as 0 (they are reporting corrections, not negative infections); NaN days are skipped
 * and a window with no known day is NaN.
 */
export function smoothTrailing(values: Float64Array, weights: Float64Array, out: Float64Array = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  for (let t = 0; t < n; t++) {
    let num = 0;
    let den = 0;
    for (let d = 0; d < weights.length && d <= t; d++) {
      const v = values[t - d];
      if (Number.isNaN(v)) continue;
      num += weights[d] * (v > 0 ? v : 0);
      den += weights[d];
    }
    out[t] = den > 0 ? num / den : Number.NaN;
  }
  return out;
}

export const RT_SMOOTHING_LAG_DAYS = 9;
