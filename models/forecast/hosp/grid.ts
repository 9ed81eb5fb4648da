// A location × week matrix of one publication, the layout every step of the model works on.
// Weeks are consecutive Saturdays from `firstWeek`; NaN marks a week a location did not report.
import type { WeeklySeries } from "../../../domain/mod.ts";

export interface WeekGrid {
  regions: Int32Array;
  firstWeek: number;
  weeks: number;
  /** regions.length × weeks, region-major. */
  values: Float64Array;
}

/**
 * Grid of a series with one version per region-week, on the given regions and week axis;
 * values of other regions or of weeks outside the axis are ignored.
 */
export function gridFromSeries(s: WeeklySeries, regions: Int32Array, firstWeek: number, weeks: number, lastWeek = Number.POSITIVE_INFINITY): WeekGrid {
  const index = new Map<number, number>();
  regions.forEach((r, i) => index.set(r, i));
  const values = new Float64Array(regions.length * weeks).fill(Number.NaN);
  for (let k = 0; k < s.regionId.length; k++) {
    const i = index.get(s.regionId[k]);
    if (i === undefined || s.weekEnd[k] > lastWeek) continue;
    const t = (s.weekEnd[k] - firstWeek) / 7;
    if (t < 0 || t >= weeks || !Number.isInteger(t)) continue;
    values[i * weeks + t] = s.value[k];
  }
  return { regions, firstWeek, weeks, values };
}

/** Index of the last week with a finite value of region i, or −1. */
export function lastObserved(g: WeekGrid, i: number): number {
  for (let t = g.weeks - 1; t >= 0; t--) if (Number.isFinite(g.values[i * g.weeks + t])) return t;
  return -1;
}

/** Distinct region ids of a series, ascending. */
export function regionsOf(s: WeeklySeries): Int32Array {
  return Int32Array.from(new Set(s.regionId)).sort();
}

/** First and last weekEnd of a series ([+∞, −∞] when empty). */
export function weekRange(s: WeeklySeries): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < s.weekEnd.length; k++) {
    if (s.weekEnd[k] < lo) lo = s.weekEnd[k];
    if (s.weekEnd[k] > hi) hi = s.weekEnd[k];
  }
  return [lo, hi];
}
