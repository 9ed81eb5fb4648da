// One (source, metric) weekly series as the risk worker reads it: the stored columns (sorted by
// region, then week) with each region's row range, the source's newest week with a value (the
// reference of "fresh") and its newest publication day.
import type { WeeklyMetric, WeeklySeries } from "../../../domain/mod.ts";

export interface IndexedWeekly {
  source: string;
  metric: WeeklyMetric;
  series: WeeklySeries;
  /** regionId → [start, end) rows of `series`, weeks ascending. */
  rows: Map<number, { start: number; end: number }>;
  /** Newest weekEnd (day number) with a value in any region, -1 when none. */
  newestWeek: number;
  /** Newest publication (asOf day) of any row, -1 when empty. */
  newestAsOf: number;
  /** Oldest publication among the newest versions, -1 when empty (= newestAsOf: one publication). */
  oldestAsOf: number;
}

export function indexWeekly(source: string, metric: WeeklyMetric, series: WeeklySeries): IndexedWeekly {
  const rows = new Map<number, { start: number; end: number }>();
  const n = series.regionId.length;
  let newestWeek = -1;
  let newestAsOf = -1;
  let oldestAsOf = Number.POSITIVE_INFINITY;
  let start = 0;
  while (start < n) {
    const id = series.regionId[start];
    let end = start;
    while (end < n && series.regionId[end] === id) {
      if (Number.isFinite(series.value[end]) && series.weekEnd[end] > newestWeek) newestWeek = series.weekEnd[end];
      if (series.asOf[end] > newestAsOf) newestAsOf = series.asOf[end];
      if (series.asOf[end] < oldestAsOf) oldestAsOf = series.asOf[end];
      end++;
    }
    rows.set(id, { start, end });
    start = end;
  }
  return { source, metric, series, rows, newestWeek, newestAsOf, oldestAsOf: n === 0 ? -1 : oldestAsOf };
}

/** Row of the region's newest week in [fromWeek, toWeek] that has a value, or -1. */
export function newestWithValue(ix: IndexedWeekly, regionId: number, fromWeek: number, toWeek: number): number {
  const r = ix.rows.get(regionId);
  if (!r) return -1;
  const { weekEnd, value } = ix.series;
  for (let i = r.end - 1; i >= r.start; i--) {
    const w = weekEnd[i];
    if (w > toWeek) continue;
    if (w < fromWeek) return -1;
    if (Number.isFinite(value[i])) return i;
  }
  return -1;
}

/** Does the region have a value in any week? */
export function hasAnyValue(ix: IndexedWeekly, regionId: number): boolean {
  return newestWithValue(ix, regionId, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY) >= 0;
}
