// Admissions and ED visits together: a pooled vector autoregression of the weekly log growth of
// both (NSSP's share of ED visits due to COVID-19 moves with admissions, and is published at the
// same time), d = (dH, dE):
//   dH_t = Σ_j a_j dH_{t−j} + Σ_j b_j dE_{t−j},   dE_t = Σ_j c_j dH_{t−j} + Σ_j e_j dE_{t−j},
// fitted like the AR members (weighted ridge least squares over the last `window` weeks, all
// regions with both series), then iterated forward jointly.
import { solve } from "./pooledAr.ts";

export interface VarFitInput {
  h: Float64Array;
  e: Float64Array;
  weeks: number;
  last: Int32Array;
  weight: Float64Array;
  order: number;
  window: number;
  ridge: number;
}

export interface VarCoefficients {
  order: number;
  /** Coefficients of dH_t and of dE_t on [dH_{t−1…t−p}, dE_{t−1…t−p}]. */
  forH: Float64Array;
  forE: Float64Array;
}

export function fitPooledVar(a: VarFitInput): VarCoefficients | null {
  const p = a.order;
  const k = 2 * p;
  const xtx = new Float64Array(k * k);
  const xtyH = new Float64Array(k);
  const xtyE = new Float64Array(k);
  const x = new Float64Array(k);
  let rows = 0;
  for (let i = 0; i < a.last.length; i++) {
    const L = a.last[i];
    if (L < 0) continue;
    const b = i * a.weeks;
    const w = a.weight[i];
    for (let t = Math.max(p + 1, L - a.window + 1); t <= L; t++) {
      const yH = a.h[b + t] - a.h[b + t - 1];
      const yE = a.e[b + t] - a.e[b + t - 1];
      if (!Number.isFinite(yH) || !Number.isFinite(yE)) continue;
      let ok = true;
      for (let j = 0; j < p; j++) {
        x[j] = a.h[b + t - 1 - j] - a.h[b + t - 2 - j];
        x[p + j] = a.e[b + t - 1 - j] - a.e[b + t - 2 - j];
        if (!Number.isFinite(x[j]) || !Number.isFinite(x[p + j])) ok = false;
      }
      if (!ok) continue;
      rows++;
      for (let r = 0; r < k; r++) {
        xtyH[r] += w * x[r] * yH;
        xtyE[r] += w * x[r] * yE;
        for (let c = 0; c < k; c++) xtx[r * k + c] += w * x[r] * x[c];
      }
    }
  }
  if (rows < 4 * k) return null;
  let diag = 0;
  for (let r = 0; r < k; r++) diag += xtx[r * k + r];
  for (let r = 0; r < k; r++) xtx[r * k + r] += a.ridge * (diag / k) + 1e-12;
  const forH = solve(Float64Array.from(xtx), xtyH, k);
  const forE = solve(Float64Array.from(xtx), xtyE, k);
  return forH && forE ? { order: p, forH, forE } : null;
}

/** z_H forecasts for steps 1…steps after week L of region row `base`; false when the region lacks recent ED values. */
export function varPath(h: Float64Array, e: Float64Array, base: number, L: number, c: VarCoefficients, steps: number, out: Float64Array): boolean {
  const p = c.order;
  const dH: number[] = [];
  const dE: number[] = [];
  for (let j = 0; j < p; j++) {
    const vh = L - j >= 1 ? h[base + L - j] - h[base + L - j - 1] : Number.NaN;
    const ve = L - j >= 1 ? e[base + L - j] - e[base + L - j - 1] : Number.NaN;
    if (!Number.isFinite(ve)) return false;
    dH.push(Number.isFinite(vh) ? vh : 0);
    dE.push(ve);
  }
  let level = h[base + L];
  for (let s = 0; s < steps; s++) {
    let nh = 0;
    let ne = 0;
    for (let j = 0; j < p; j++) {
      nh += c.forH[j] * dH[j] + c.forH[p + j] * dE[j];
      ne += c.forE[j] * dH[j] + c.forE[p + j] * dE[j];
    }
    dH.unshift(nh);
    dH.length = p;
    dE.unshift(ne);
    dE.length = p;
    level += nh;
    out[s] = level;
  }
  return true;
}
