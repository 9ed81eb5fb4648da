// Autoregression of weekly log changes pooled across locations (in the spirit of UMass's
// ar6 and CMU's AR members): Δz_{t+1} = a1·Δz_t + a2·Δz_{t−1} with Δz_t = z_t − z_{t−1} on
// z = ln(1 + weekly), the same two coefficients for every location, fitted by least squares
// (no intercept: a common drift would be a guess about the epidemic's direction) on every
// location's weeks in a fitting period. Forecasts iterate the recursion, so a deceleration
// (Δz_t < Δz_{t−1}) is carried forward, which a trend over fixed windows cannot do.
// Pooling 50-odd locations gives thousands of pairs for two numbers: no per-location overfit.

/** Least-squares (a1, a2) from series on the log scale; pairs where a week is NaN or below `minLog` are skipped. */
export function fitPooledAr(series: Float64Array[], from: number[], minLog: number): [number, number] {
  let s11 = 0;
  let s12 = 0;
  let s22 = 0;
  let s1y = 0;
  let s2y = 0;
  series.forEach((z, k) => {
    for (let t = Math.max(3, from[k] + 3); t < z.length; t++) {
      if (!(z[t - 3] >= minLog)) continue;
      const y = z[t] - z[t - 1];
      const x1 = z[t - 1] - z[t - 2];
      const x2 = z[t - 2] - z[t - 3];
      if (Number.isNaN(y) || Number.isNaN(x1) || Number.isNaN(x2)) continue;
      s11 += x1 * x1;
      s12 += x1 * x2;
      s22 += x2 * x2;
      s1y += x1 * y;
      s2y += x2 * y;
    }
  });
  const det = s11 * s22 - s12 * s12;
  if (!(det > 0)) return [0, 0];
  return [(s1y * s22 - s2y * s12) / det, (s2y * s11 - s1y * s12) / det];
}

/** AR member: iterates the fitted recursion from origin `end`; out[h − 1] = z at end + h. A growing step is capped at maxGrowth and multiplied by growthScale. */
export function arMember(z: Float64Array, end: number, a: readonly number[], out: Float64Array, maxGrowth = Number.POSITIVE_INFINITY, growthScale = 1): boolean {
  if (end < 2) return false;
  let d1 = z[end] - z[end - 1];
  let d2 = z[end - 1] - z[end - 2];
  if (Number.isNaN(d1) || Number.isNaN(d2)) return false;
  let level = z[end];
  for (let h = 0; h < out.length; h++) {
    const raw = Math.min(maxGrowth, a[0] * d1 + a[1] * d2);
    const d = raw > 0 ? raw * growthScale : raw;
    level += d;
    out[h] = level;
    d2 = d1;
    d1 = d;
  }
  return true;
}
