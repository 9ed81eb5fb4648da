// Pushed case reports (dataset "reports", POST /v1/reports) laid over each region's series
// from its publisher: a reported day replaces or extends that region's cumulative figures.
// Reports stay stored under their own dataset (traceable to their source); only the answer
// merges them. Applied incrementally: a reports commit reloads the (small) reports dataset and
// re-derives the snapshot from the unchanged base, with no rebuild, so answers change within
// about a second of the push.
import { REPORTS_DATASET, type ObservationSeries } from "../../domain/mod.ts";
import { createSnapshotMemo } from "./memo.ts";
import { lastDayOf, type RegionSeries, type Snapshot } from "./snapshotTypes.ts";

/** A new snapshot: `base` with the reports merged in (base is not modified). */
export function overlayReports(base: Snapshot, reports: ObservationSeries | null): Snapshot {
  const n = reports?.regionId.length ?? 0;
  if (!reports || n === 0) return base;
  const series = new Map(base.series);
  let lastDay = base.lastDay;
  let start = 0;
  while (start < n) {
    const id = reports.regionId[start];
    let end = start;
    while (end < n && reports.regionId[end] === id) end++;
    const region = base.regions.get(id);
    if (region) {
      const merged = merge(base.series.get(id), region, reports, start, end);
      series.set(id, merged);
      lastDay = Math.max(lastDay, lastDayOf(merged));
    }
    start = end;
  }
  return {
    ...base,
    datasets: [...base.datasets, REPORTS_DATASET],
    builtAt: new Date().toISOString(),
    series,
    lastDay,
    memo: createSnapshotMemo(),
  };
}

function merge(held: RegionSeries | undefined, region: RegionSeries["region"], r: ObservationSeries, start: number, end: number): RegionSeries {
  const first = Math.min(held?.firstDay ?? Infinity, r.day[start]);
  const last = Math.max(held ? lastDayOf(held) : -Infinity, r.day[end - 1]);
  const cumCases = new Float64Array(last - first + 1).fill(NaN);
  const cumDeaths = new Float64Array(last - first + 1).fill(NaN);
  if (held) {
    cumCases.set(held.cumCases, held.firstDay - first);
    cumDeaths.set(held.cumDeaths, held.firstDay - first);
  }
  for (let i = start; i < end; i++) {
    const k = r.day[i] - first;
    // A report without a cumulative figure leaves the publisher's value in place.
    if (!Number.isNaN(r.cumCases[i])) cumCases[k] = r.cumCases[i];
    if (!Number.isNaN(r.cumDeaths[i])) cumDeaths[k] = r.cumDeaths[i];
  }
  return { region, dataset: held ? `${held.dataset}+${REPORTS_DATASET}` : REPORTS_DATASET, firstDay: first, cumCases, cumDeaths };
}
