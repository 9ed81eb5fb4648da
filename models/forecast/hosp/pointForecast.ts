// Point forecasts on the log scale from several members, and their combination:
//  - flat: the last (backfill-corrected) value;
//  - AR(p), p = 1…maxOrder: pooled autoregression of admissions' log growth (UMass ar6_pooled's idea);
//  - VAR(p), p = 1…edOrder: admissions and ED-visit share together (when ED data are given).
// Combined either by their median (the hub's median ensemble, CMU's ensemble of AR members) or
// by weights learnt from each member's recent real-time errors (see realTimeErrors.ts).
import { arPath, fitPooledAr } from "./pooledAr.ts";
import { fitPooledVar, varPath } from "./pooledVar.ts";
import type { HospModelOptions } from "./types.ts";

export interface PointInput {
  z: Float64Array;
  weeks: number;
  /** Last observed week index per region (−1 = none). */
  last: Int32Array;
  weight: Float64Array;
  steps: number;
  /** log ED-visit share on the same regions × weeks axis, NaN = missing; null = no ED data. */
  ed: Float64Array | null;
}

/** Each member's forecasts, regions × (steps + 1); column 0 is z at the last week; NaN = member unavailable for the region. */
export interface Members {
  names: string[];
  paths: Float64Array[];
}

export function memberForecasts(a: PointInput, o: HospModelOptions): Members {
  const n = a.last.length;
  const width = a.steps + 1;
  const names: string[] = [];
  const paths: Float64Array[] = [];
  const path = new Float64Array(a.steps);
  const add = (name: string, fill: (i: number, base: number, L: number) => boolean) => {
    const out = new Float64Array(n * width).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      const L = a.last[i];
      if (L < 0 || !fill(i, i * a.weeks, L)) continue;
      out[i * width] = a.z[i * a.weeks + L];
      out.set(path, i * width + 1);
    }
    names.push(name);
    paths.push(out);
  };
  add("flat", (_i, base, L) => (arPath(a.z, base, L, null, a.steps, path), true));
  for (let p = 1; p <= o.maxOrder; p++) {
    const phi = fitPooledAr({ z: a.z, weeks: a.weeks, last: a.last, weight: a.weight, order: p, window: o.window, ridge: o.ridge });
    add(`ar${p}`, (_i, base, L) => phi !== null && (arPath(a.z, base, L, phi, a.steps, path), true));
  }
  // Always the same members in the same order (all-NaN when one cannot be fitted), so that
  // members of different reference dates line up.
  for (let p = 1; p <= o.edOrder; p++) {
    const c = a.ed === null ? null : fitPooledVar({ h: a.z, e: a.ed, weeks: a.weeks, last: a.last, weight: a.weight, order: p, window: o.edWindow, ridge: o.ridge });
    add(`var${p}`, (_i, base, L) => c !== null && varPath(a.z, a.ed!, base, L, c, a.steps, path));
  }
  return { names, paths };
}

/**
 * Combined forecast, regions × (steps + 1). weights[s][m] per step and member (null = median of
 * the members available for the region; the flat member is left out of the median when
 * o.flatMember is false and another member exists).
 */
export function combineMembers(m: Members, n: number, steps: number, weights: Float64Array[] | null, o: HospModelOptions): Float64Array {
  const width = steps + 1;
  const out = new Float64Array(n * width).fill(Number.NaN);
  const vals: number[] = [];
  for (let i = 0; i < n; i++) {
    const z0 = m.paths[0][i * width];
    if (!Number.isFinite(z0)) continue;
    out[i * width] = z0;
    for (let s = 1; s <= steps; s++) {
      if (weights === null) {
        vals.length = 0;
        for (let k = 0; k < m.paths.length; k++) {
          const v = m.paths[k][i * width + s];
          if (Number.isFinite(v) && (k > 0 || o.flatMember || m.paths.length === 1)) vals.push(v);
        }
        if (vals.length === 0) vals.push(m.paths[0][i * width + s]);
        out[i * width + s] = median(vals);
      } else {
        let sw = 0;
        let sv = 0;
        for (let k = 0; k < m.paths.length; k++) {
          const v = m.paths[k][i * width + s];
          if (!Number.isFinite(v) || weights[s][k] <= 0) continue;
          sw += weights[s][k];
          sv += weights[s][k] * v;
        }
        out[i * width + s] = sw > 0 ? sv / sw : m.paths[0][i * width + s];
      }
    }
  }
  return out;
}

function median(x: number[]): number {
  const s = [...x].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}
