// Builds the in-memory snapshot the risk worker answers from (snapshotTypes.ts): the region
// registry, every region's dense daily cumulative series from the loaded datasets (typed
// arrays), and a point → regions locator over all registry boundaries. Rebuilt, then swapped
// whole; derived values are memoized on it. Its risk models (clusters, forecasts) are computed
// afterwards, off the request path (compute/), and attached.
import type { ObservationSeries, RegionRecord } from "../../domain/mod.ts";
import { createRegionLocator, type LocateResult, type RegionLocator } from "../../models/mod.ts";
import type { Storage } from "../../sql/mod.ts";
import { countryAggregates } from "./compute/countryAggregates.ts";
import { createSlicer } from "./compute/yieldSlice.ts";
import { createSnapshotMemo } from "./memo.ts";
import { lastDayOf, type RegionSeries, type Snapshot } from "./snapshotTypes.ts";

/** Splits the flat (regionId, day)-sorted columns into one dense series per region; gaps are NaN. */
export function groupSeries(regions: RegionRecord[], cols: ObservationSeries, dataset = ""): Map<number, RegionSeries> {
  const out = new Map<number, RegionSeries>();
  for (const s of seriesOf(regions, cols, dataset)) if (s) out.set(s.region.id, s);
  return out;
}

/**
 * groupSeries for a thread that answers queries: it gives the event loop a turn every 20 ms
 * (the JHU US counties take 0.2 s and more under load, once per rebuild).
 */
export async function groupSeriesSliced(regions: RegionRecord[], cols: ObservationSeries, dataset = ""): Promise<Map<number, RegionSeries>> {
  const slicer = createSlicer();
  const out = new Map<number, RegionSeries>();
  for (const s of seriesOf(regions, cols, dataset)) {
    if (s) out.set(s.region.id, s);
    await slicer.maybeYield();
  }
  return out;
}

/** One step per run of rows of a region: its dense series, or null for a region not in the registry. */
function* seriesOf(regions: RegionRecord[], cols: ObservationSeries, dataset: string): Generator<RegionSeries | null> {
  const byId = new Map(regions.map((r) => [r.id, r]));
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
      yield { region, dataset, firstDay, cumCases, cumDeaths };
    } else yield null;
    start = end;
  }
}

/**
 * Reuses the last point locator while the registry is the same. Building one indexes every
 * boundary (0.1–0.5 s of this thread per rebuild, more under load, in one synchronous piece),
 * and an ingest of observations, which is what triggers nearly every rebuild, leaves the regions
 * where they were. The index depends only on which regions exist and their centres (boundaries
 * are matched by id; distances and the nearest region use lat/lon), so it is rebuilt only when
 * those change; the records it hands out are the current registry's, looked up by id, so any
 * other changed field (a population, a name) is answered as it now is. A re-ingest of the JHU US
 * pair changes the registry's JSON on every run: keyed on the whole JSON, each one rebuilt it.
 */
export interface LocatorCache {
  get(regions: RegionRecord[]): RegionLocator;
}

export function createLocatorCache(): LocatorCache {
  let indexKey = "";
  let recordsKey = "";
  let index: RegionLocator | null = null;
  let held: RegionLocator | null = null;
  return {
    get(regions) {
      const ik = regions.map((r) => `${r.id},${r.lat},${r.lon}`).join(";");
      const rk = JSON.stringify(regions);
      if (!index || ik !== indexKey) [index, indexKey, held] = [createRegionLocator(regions), ik, null];
      if (!held || rk !== recordsKey) [held, recordsKey] = [withRecords(index, new Map(regions.map((r) => [r.id, r]))), rk];
      return held;
    },
  };
}

/** `locator` answering with the records of `byId` (same ids, possibly newer fields). */
function withRecords(locator: RegionLocator, byId: Map<number, RegionRecord>): RegionLocator {
  const current = (r: RegionRecord) => byId.get(r.id) ?? r;
  const fix = (hit: LocateResult | null) => hit && { ...hit, region: current(hit.region) };
  return {
    locate: (lat, lon) => fix(locator.locate(lat, lon)),
    locateAll: (lat, lon) => locator.locateAll(lat, lon).map((h) => ({ ...h, region: current(h.region) })),
    nearest: (lat, lon, accept) => fix(locator.nearest(lat, lon, accept && ((r) => accept(current(r))))),
  };
}

/**
 * Loads every dataset and keeps, per region, the series that reaches the latest day (ties: the
 * dataset listed first), so a region covered by two sources answers from the fresher one.
 */
export async function buildSnapshot(storage: Storage, datasets: string[], locators?: LocatorCache): Promise<Snapshot> {
  const [regions, ...columns] = await Promise.all([storage.listRegions(), ...datasets.map((d) => storage.loadObservationSeries(d))]);
  const series = new Map<number, RegionSeries>();
  for (const [i, cols] of columns.entries()) {
    for (const [id, s] of await groupSeriesSliced(regions, cols, datasets[i])) {
      const held = series.get(id);
      if (!held || lastDayOf(s) > lastDayOf(held)) series.set(id, s);
    }
  }
  const byId = new Map(regions.map((r) => [r.id, r]));
  // Countries JHU reports only by province (Canada, China, Australia) get the sum of their provinces.
  for (const s of countryAggregates(series, byId)) series.set(s.region.id, s);
  let lastDay = -1;
  for (const s of series.values()) lastDay = Math.max(lastDay, lastDayOf(s));
  return {
    datasets,
    builtAt: new Date().toISOString(),
    series,
    regions: byId,
    locator: locators ? locators.get(regions) : createRegionLocator(regions),
    lastDay,
    memo: createSnapshotMemo(),
  };
}
