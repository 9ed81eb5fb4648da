// What a forecaster could see on a given day: from every stored version of the region-weeks,
// the newest one published on or before that day (the WeeklySeries contract of domain/weekly.ts).
import type { WeeklySeries } from "../../../domain/weekly.ts";

/** An empty series (no region-weeks). */
export function emptySeries(): WeeklySeries {
  return { regionId: new Int32Array(0), weekEnd: new Int32Array(0), asOf: new Int32Array(0), value: new Float64Array(0), level: new Int8Array(0), trend: new Int8Array(0), missingReason: [] };
}

/**
 * For each (regionId, weekEnd) of `versions`, the version with the largest asOf ≤ `day`;
 * region-weeks first published after `day` are absent. Sorted by (regionId, weekEnd).
 */
export function seriesAsOf(versions: WeeklySeries, day: number): WeeklySeries {
  const best = new Map<number, number>(); // key → row index
  const keyOf = (i: number) => versions.regionId[i] * 100_000 + versions.weekEnd[i];
  for (let i = 0; i < versions.asOf.length; i++) {
    if (versions.asOf[i] > day) continue;
    const k = keyOf(i);
    const j = best.get(k);
    if (j === undefined || versions.asOf[i] > versions.asOf[j]) best.set(k, i);
  }
  const rows = [...best.values()].sort((a, b) => versions.regionId[a] - versions.regionId[b] || versions.weekEnd[a] - versions.weekEnd[b]);
  return takeRows(versions, rows);
}

/** The rows `rows` of a series, in that order. */
export function takeRows(s: WeeklySeries, rows: number[]): WeeklySeries {
  const n = rows.length;
  const out: WeeklySeries = {
    regionId: new Int32Array(n), weekEnd: new Int32Array(n), asOf: new Int32Array(n), value: new Float64Array(n),
    level: new Int8Array(n), trend: new Int8Array(n), missingReason: new Array<string | null>(n),
  };
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    out.regionId[k] = s.regionId[i];
    out.weekEnd[k] = s.weekEnd[i];
    out.asOf[k] = s.asOf[i];
    out.value[k] = s.value[i];
    out.level[k] = s.level[i];
    out.trend[k] = s.trend[i];
    out.missingReason[k] = s.missingReason[i] ?? null;
  }
  return out;
}

/** Newest publication day in a set of versions (−Infinity when empty). */
export function newestAsOf(versions: WeeklySeries): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < versions.asOf.length; i++) if (versions.asOf[i] > m) m = versions.asOf[i];
  return m;
}
