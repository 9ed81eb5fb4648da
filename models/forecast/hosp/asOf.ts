// What a forecaster could see on a given day: from every stored version of the region-weeks,
// the newest one published on or before that day (the WeeklySeries contract of domain/weekly.ts).
import type { WeeklySeries } from "../../../domain/mod.ts";

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
    regionId: new Int32Array(n),
    weekEnd: new Int32Array(n),
    asOf: new Int32Array(n),
    value: new Float64Array(n),
    level: new Int8Array(n),
    trend: new Int8Array(n),
    missingReason: new Array<string | null>(n),
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

/**
 * Versions grouped by region-week and sorted by publication day, for many "as of" queries over
 * the same versions (the model asks once per past reference date).
 */
export interface VersionIndex {
  /** Row order: by (regionId, weekEnd, row index). */
  order: Int32Array;
  /** Start of each region-week group in `order`, plus the end. */
  groupStart: Int32Array;
  versions: WeeklySeries;
}

export function indexVersions(versions: WeeklySeries): VersionIndex {
  const n = versions.asOf.length;
  const order = sortedByRegionWeek(versions);
  const starts: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const j = k > 0 ? order[k - 1] : -1;
    if (k === 0 || versions.regionId[i] !== versions.regionId[j] || versions.weekEnd[i] !== versions.weekEnd[j]) starts.push(k);
  }
  starts.push(n);
  return { order, groupStart: Int32Array.from(starts), versions };
}

/**
 * Row indices ordered by (regionId, weekEnd, row index). Packs (region rank, week, row) into one
 * float so that the native numeric sort does the work (the model indexes every call).
 */
function sortedByRegionWeek(v: WeeklySeries): Int32Array {
  const n = v.asOf.length;
  const ranks = new Map<number, number>();
  for (const id of Int32Array.from(new Set(v.regionId)).sort()) ranks.set(id, ranks.size);
  let minWeek = Number.POSITIVE_INFINITY;
  let maxWeek = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    minWeek = Math.min(minWeek, v.weekEnd[i]);
    maxWeek = Math.max(maxWeek, v.weekEnd[i]);
  }
  const span = maxWeek - minWeek + 1;
  if (n === 0 || ranks.size * span * n >= 2 ** 52) {
    return Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => v.regionId[a] - v.regionId[b] || v.weekEnd[a] - v.weekEnd[b] || a - b);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (ranks.get(v.regionId[i])! * span + (v.weekEnd[i] - minWeek)) * n + i;
  keys.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = keys[k] % n;
  return order;
}

/** seriesAsOf over an index: the same result, without re-sorting. */
export function indexedAsOf(ix: VersionIndex, day: number): WeeklySeries {
  const rows: number[] = [];
  const asOf = ix.versions.asOf;
  for (let g = 0; g + 1 < ix.groupStart.length; g++) {
    let pick = -1;
    // Rows of a group are in input order; keep the newest asOf ≤ day, the first such on ties (as seriesAsOf).
    for (let k = ix.groupStart[g]; k < ix.groupStart[g + 1]; k++) {
      const i = ix.order[k];
      if (asOf[i] <= day && (pick === -1 || asOf[i] > asOf[pick])) pick = i;
    }
    if (pick >= 0) rows.push(pick);
  }
  return takeRows(ix.versions, rows);
}
