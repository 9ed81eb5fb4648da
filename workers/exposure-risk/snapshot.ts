// The in-memory snapshot the risk worker answers from: regions with data, their dense daily
// cumulative series (typed arrays), and a point → region locator. Rebuilt, then swapped whole.
import { createRegionLocator, type RegionLocator } from "../../models/mod.ts";
import type { RegionRecord, Storage } from "../../sql/mod.ts";

export interface RegionSeries {
  region: RegionRecord;
  /** Day number (days since 1970-01-01) of index 0. */
  firstDay: number;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
}

export interface Snapshot {
  dataset: string;
  builtAt: string;
  series: Map<number, RegionSeries>;
  locator: RegionLocator;
  /** Latest day with data in any region, or -1 when empty. */
  lastDay: number;
}

/** Splits the flat (regionId, day)-sorted columns into one dense series per region; gaps are NaN. */
export function groupSeries(
  regions: RegionRecord[],
  cols: { regionId: Int32Array; day: Int32Array; cumCases: Float64Array; cumDeaths: Float64Array },
): Map<number, RegionSeries> {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const out = new Map<number, RegionSeries>();
  const n = cols.regionId.length;
  let start = 0;
  while (start < n) {
    const id = cols.regionId[start];
    let end = start;
    while (end < n && cols.regionId[end] === id) end++;
    const region = byId.get(id);
    if (region) {
      const firstDay = cols.day[start];
      const len = cols.day[end - 1] - firstDay + 1;
      const cumCases = new Float64Array(len).fill(NaN);
      const cumDeaths = new Float64Array(len).fill(NaN);
      for (let i = start; i < end; i++) {
        const k = cols.day[i] - firstDay;
        cumCases[k] = cols.cumCases[i];
        cumDeaths[k] = cols.cumDeaths[i];
      }
      out.set(id, { region, firstDay, cumCases, cumDeaths });
    }
    start = end;
  }
  return out;
}

export async function buildSnapshot(storage: Storage, dataset: string): Promise<Snapshot> {
  const [regions, cols] = await Promise.all([storage.listRegions(), storage.loadObservationSeries(dataset)]);
  const series = groupSeries(regions, cols);
  let lastDay = -1;
  for (const s of series.values()) lastDay = Math.max(lastDay, s.firstDay + s.cumCases.length - 1);
  // Only regions we can answer for are candidates for a point.
  const located = [...series.values()].map((s) => s.region);
  return { dataset, builtAt: new Date().toISOString(), series, locator: createRegionLocator(located), lastDay };
}
