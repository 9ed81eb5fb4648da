// The data as they stood at past reference dates R' = R − 7m, m = 1…count: what was published
// by R' − 3, cut at week R' − 7. A region without such a publication in the input (the input
// carries only the newest version) gets its current values cut at R' − 7 instead: a
// pseudo-out-of-sample view, which misses the revisions but keeps the errors usable.
import type { WeeklySeries } from "../../../domain/weekly.ts";
import { seriesAsOf } from "./asOf.ts";
import { gridFromSeries, lastObserved } from "./grid.ts";
import { transform, type Transformed } from "./transform.ts";
import type { HospModelOptions } from "./types.ts";

export interface Axis {
  regions: Int32Array;
  first: number;
  weeks: number;
  pop: Float64Array;
}

export function pastViews(versions: WeeklySeries, R: number, axis: Axis, count: number, o: HospModelOptions): Transformed[] {
  const views: Transformed[] = [];
  const current = seriesAsOf(versions, R - 3);
  for (let m = 1; m <= count; m++) {
    const origin = R - 7 * m;
    const g = gridFromSeries(seriesAsOf(versions, origin - 3), axis.regions, axis.first, axis.weeks, origin - 7);
    const fallback = gridFromSeries(current, axis.regions, axis.first, axis.weeks, origin - 7);
    let any = false;
    for (let i = 0; i < axis.regions.length; i++) {
      if (lastObserved(g, i) < 0) g.values.set(fallback.values.subarray(i * axis.weeks, (i + 1) * axis.weeks), i * axis.weeks);
      if (lastObserved(g, i) >= 0) any = true;
    }
    if (!any) break;
    views.push(transform(g, axis.pop, o));
  }
  return views;
}
