// Backfill: NHSN admissions of recent weeks are revised upward for weeks after first
// publication. From past views, the change between what was published then and what is
// published now, for the last `lags` weeks of each view, pooled over regions of similar size;
// its median is added to those weeks before forecasting (a nowcast of the final values).
import { nearestInLevel, type Transformed } from "./transform.ts";

export const REVISION_LAGS = 4;

/** shift[i * REVISION_LAGS + k]: log-scale correction for week last − k of region i. */
export function revisionShifts(now: Transformed, views: Transformed[], neighbours: number): Float64Array {
  const n = now.last.length;
  const diffs: number[][][] = Array.from({ length: n }, () => Array.from({ length: REVISION_LAGS }, () => []));
  for (const v of views) {
    for (let i = 0; i < n; i++) {
      const L = v.last[i];
      for (let k = 0; k < REVISION_LAGS && L - k >= 0; k++) {
        const d = now.z[i * now.weeks + L - k] - v.z[i * v.weeks + L - k];
        if (Number.isFinite(d)) diffs[i][k].push(d);
      }
    }
  }
  const out = new Float64Array(n * REVISION_LAGS);
  for (let i = 0; i < n; i++) {
    if (now.last[i] < 0) continue;
    const near = nearestInLevel(now, i, neighbours);
    for (let k = 0; k < REVISION_LAGS; k++) {
      const pooled = Float64Array.from(near.flatMap((j) => diffs[j][k])).sort();
      if (pooled.length === 0) continue;
      const h = pooled.length >> 1;
      out[i * REVISION_LAGS + k] = pooled.length % 2 === 1 ? pooled[h] : (pooled[h - 1] + pooled[h]) / 2;
    }
  }
  return out;
}

/** A copy of t with the shifts added to each region's last REVISION_LAGS weeks. */
export function applyShifts(t: Transformed, shift: Float64Array): Transformed {
  const z = Float64Array.from(t.z);
  for (let i = 0; i < t.last.length; i++) {
    const L = t.last[i];
    for (let k = 0; k < REVISION_LAGS && L - k >= 0; k++) z[i * t.weeks + L - k] += shift[i * REVISION_LAGS + k];
  }
  return { ...t, z };
}
