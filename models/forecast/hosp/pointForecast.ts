// The point forecast on the log scale: the median, step by step, of the flat forecast and of
// pooled AR members of orders 1…maxOrder (CMU's idea of an ensemble of simple AR members, and
// the hub's of a median ensemble, applied to members of one model family).
import { arPath, fitPooledAr } from "./pooledAr.ts";
import type { HospModelOptions } from "./types.ts";

export interface PointInput {
  z: Float64Array;
  weeks: number;
  /** Last observed week index per region (−1 = none). */
  last: Int32Array;
  weight: Float64Array;
  steps: number;
}

/** regions × (steps + 1): column 0 is z at the last observed week, column s the s-step forecast. */
export function pointForecasts(a: PointInput, o: HospModelOptions): Float64Array {
  const n = a.last.length;
  const width = a.steps + 1;
  const out = new Float64Array(n * width).fill(Number.NaN);
  const members: (Float64Array | null)[] = o.flatMember ? [null] : []; // null = flat
  for (let p = 1; p <= o.maxOrder; p++) {
    const phi = fitPooledAr({ z: a.z, weeks: a.weeks, last: a.last, weight: a.weight, order: p, window: o.window, ridge: o.ridge });
    if (phi !== null) members.push(phi);
  }
  if (members.length === 0) members.push(null);
  const paths = members.map(() => new Float64Array(a.steps));
  const column = new Float64Array(members.length);
  for (let i = 0; i < n; i++) {
    const L = a.last[i];
    if (L < 0) continue;
    const base = i * a.weeks;
    out[i * width] = a.z[base + L];
    members.forEach((phi, m) => arPath(a.z, base, L, phi, a.steps, paths[m]));
    for (let s = 0; s < a.steps; s++) {
      for (let m = 0; m < members.length; m++) column[m] = paths[m][s];
      out[i * width + s + 1] = median(column);
    }
  }
  return out;
}

function median(x: Float64Array): number {
  const s = Float64Array.from(x).sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}
