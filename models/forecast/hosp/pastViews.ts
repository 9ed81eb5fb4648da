// The data as they stood at past reference dates R' = R − 7m (distinct origins only, see
// pastViews): what was published by R' − 3, cut at week R' − 7. A region without such a
// publication in the input (the input carries only the newest version, or an older publication
// did not exist) gets its current values cut at R' − 7 instead: a pseudo-out-of-sample view,
// which misses the revisions since but uses nothing published after R − 3.
import type { WeeklySeries } from "../../../domain/mod.ts";
import { indexedAsOf, type VersionIndex } from "./asOf.ts";
import { gridFromSeries, lastObserved, type WeekGrid } from "./grid.ts";
import { transform, type Transformed } from "./transform.ts";
import type { HospModelOptions } from "./types.ts";

export interface Axis {
  regions: Int32Array;
  first: number;
  weeks: number;
  pop: Float64Array;
}

export interface View {
  hosp: Transformed;
  /** log ED-visit share, same axis; null without ED data. */
  ed: Float64Array | null;
}

/** Grid of `versions` as of `day`, cut at `lastWeek`, each empty region filled from `current` cut there too. */
export function gridAt(versions: VersionIndex, current: WeeklySeries, axis: Axis, day: number, lastWeek: number): WeekGrid {
  const g = gridFromSeries(indexedAsOf(versions, day), axis.regions, axis.first, axis.weeks, lastWeek);
  const fallback = gridFromSeries(current, axis.regions, axis.first, axis.weeks, lastWeek);
  for (let i = 0; i < axis.regions.length; i++) {
    if (lastObserved(g, i) < 0) g.values.set(fallback.values.subarray(i * axis.weeks, (i + 1) * axis.weeks), i * axis.weeks);
  }
  return g;
}

/** log(share + offset) of an ED grid (NaN stays NaN). */
export function edScale(g: WeekGrid, offset: number): Float64Array {
  return g.values.map((v) => (Number.isFinite(v) ? Math.log(Math.max(0, v) + offset) : Number.NaN));
}

/**
 * Up to `count` views at R − 7, R − 14, …, each a distinct origin: a past reference date at which
 * nothing new had been published (the admissions grid equals the one of the next newer view, or
 * of the data visible at R) is skipped, not counted again. Otherwise a publication gap (NHSN
 * published nothing 2025-09-24 … 11-19) would repeat one forecast's errors several times in
 * the error pools, the conformal widths and the online scores.
 */
export function pastViews(versions: VersionIndex, ed: VersionIndex | null, R: number, axis: Axis, count: number, o: HospModelOptions): View[] {
  const views: View[] = [];
  const current = indexedAsOf(versions, R - 3);
  const currentEd = ed === null ? null : indexedAsOf(ed, R - 3);
  let newer = gridFromSeries(current, axis.regions, axis.first, axis.weeks).values;
  for (let m = 1; views.length < count; m++) {
    const origin = R - 7 * m;
    const g = gridAt(versions, current, axis, origin - 3, origin - 7);
    let any = false;
    for (let i = 0; i < axis.regions.length && !any; i++) any = lastObserved(g, i) >= 0;
    if (!any) break;
    if (sameGrid(g.values, newer)) continue;
    newer = g.values;
    const edGrid = ed === null ? null : gridAt(ed, currentEd!, axis, origin - 3, origin - 7);
    views.push({ hosp: transform(g, axis.pop, o), ed: edGrid === null ? null : edScale(edGrid, o.edOffset) });
  }
  return views;
}

function sameGrid(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return false;
  return true;
}
