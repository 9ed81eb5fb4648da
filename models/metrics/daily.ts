// Daily new counts from cumulative series. Reporting corrections make cum[t] < cum[t−1]
// sometimes; we keep the raw difference (so sums over any window still equal the change in
// the cumulative count) and clamp a copy at 0 for rates, where a negative "new cases" value
// has no meaning and would drag 7-day averages and growth rates below the epidemic's level.

/** raw[t] = cum[t] − cum[t−1]; NaN at t = 0 and next to unknown cumulative values. */
export function newFromCumulative(cum: Float64Array, out: Float64Array = new Float64Array(cum.length)): Float64Array {
  if (cum.length > 0) out[0] = Number.NaN;
  for (let t = 1; t < cum.length; t++) out[t] = cum[t] - cum[t - 1];
  return out;
}

/** max(x, 0) element-wise; NaN stays NaN. */
export function clampNegative(values: Float64Array, out: Float64Array = new Float64Array(values.length)): Float64Array {
  for (let t = 0; t < values.length; t++) {
    const v = values[t];
    out[t] = v < 0 ? 0 : v;
  }
  return out;
}
