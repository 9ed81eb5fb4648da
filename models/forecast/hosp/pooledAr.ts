// Autoregression of weekly log growth, pooled across locations (one coefficient vector for all
// of them, as UMass's ar6_pooled does on its own transform): d_t = z_t − z_{t−1},
//   d_t = φ_1 d_{t−1} + … + φ_p d_{t−p} + ε,
// fitted by weighted ridge least squares over the rows whose d_t falls in the last `window`
// weeks, weight 1/s_i² (s_i = the location's noise scale, so small, noisy states count less).
// No intercept: without a drift term the forecast can only extrapolate the recent momentum
// with the damping the data show, and the ridge pulls towards the flat forecast.

export interface ArFitInput {
  /** Transformed values z, regions × weeks, region-major; NaN = missing. */
  z: Float64Array;
  weeks: number;
  /** Per region: last week index usable (inclusive), −1 = region unused. */
  last: Int32Array;
  weight: Float64Array;
  order: number;
  window: number;
  ridge: number;
}

/** φ_1…φ_p, or null when fewer than 2p rows are available. */
export function fitPooledAr(a: ArFitInput): Float64Array | null {
  const p = a.order;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const x = new Float64Array(p);
  let rows = 0;
  for (let i = 0; i < a.last.length; i++) {
    const L = a.last[i];
    if (L < 0) continue;
    const base = i * a.weeks;
    const w = a.weight[i];
    for (let t = Math.max(p + 1, L - a.window + 1); t <= L; t++) {
      const y = a.z[base + t] - a.z[base + t - 1];
      if (!Number.isFinite(y)) continue;
      let ok = true;
      for (let j = 0; j < p; j++) {
        x[j] = a.z[base + t - 1 - j] - a.z[base + t - 2 - j];
        if (!Number.isFinite(x[j])) ok = false;
      }
      if (!ok) continue;
      rows++;
      for (let j = 0; j < p; j++) {
        xty[j] += w * x[j] * y;
        for (let k = 0; k < p; k++) xtx[j * p + k] += w * x[j] * x[k];
      }
    }
  }
  if (rows < 2 * p) return null;
  // Ridge relative to the mean diagonal, so λ does not depend on the scale of z.
  let diag = 0;
  for (let j = 0; j < p; j++) diag += xtx[j * p + j];
  for (let j = 0; j < p; j++) xtx[j * p + j] += a.ridge * (diag / p) + 1e-12;
  return solve(xtx, xty, p);
}

/** z forecasts for steps 1…steps after week `L` of region row `base`, given φ (null = flat). */
export function arPath(z: Float64Array, base: number, L: number, phi: Float64Array | null, steps: number, out: Float64Array): void {
  const p = phi?.length ?? 0;
  const d: number[] = [];
  for (let j = 0; j < p; j++) {
    const v = L - j >= 1 ? z[base + L - j] - z[base + L - j - 1] : Number.NaN;
    d.push(Number.isFinite(v) ? v : 0);
  }
  let level = z[base + L];
  for (let s = 0; s < steps; s++) {
    let next = 0;
    for (let j = 0; j < p; j++) next += phi![j] * d[j];
    d.unshift(next);
    d.length = p;
    level += next;
    out[s] = level;
  }
}

/** Gaussian elimination with partial pivoting on a small dense system (A is overwritten). */
export function solve(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[piv * n + c])) piv = r;
    if (Math.abs(A[piv * n + c]) < 1e-300) return null;
    if (piv !== c) {
      for (let k = 0; k < n; k++) [A[c * n + k], A[piv * n + k]] = [A[piv * n + k], A[c * n + k]];
      [x[c], x[piv]] = [x[piv], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / A[c * n + c];
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < n; k++) s -= A[c * n + k] * x[k];
    x[c] = s / A[c * n + c];
  }
  return x;
}
