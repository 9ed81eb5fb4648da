// The in-memory snapshot the risk worker answers from: the region registry, every region's dense
// daily cumulative series from the loaded datasets (typed arrays), and a point → regions locator
// over all registry boundaries. Rebuilt, then swapped whole; derived values are memoized on it.
import { createRegionLocator, type RegionLocator } from "../../models/mod.ts";
import type { RegionRecord, Storage } from "../../sql/mod.ts";
import { createSnapshotMemo, type SnapshotMemo } from "./memo.ts";
import { computeClusters, type ClusterAssignment } from "./clusters.ts";
import type { RiskModels } from "./compute/types.ts";
import { countryAggregates } from "./compute/countryAggregates.ts";

export interface RegionSeries {
  region: RegionRecord;
  /** The dataset these values come from (e.g. "jhu-us"). */
  dataset: string;
  /** Day number (days since 1970-01-01) of index 0. */
  firstDay: number;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
}

export interface Snapshot {
  datasets: string[];
  builtAt: string;
  /** Regions with data, by id. */
  series: Map<number, RegionSeries>;
  /** The whole registry, by id (regions without data included: they still have boundaries). */
  regions: Map<number, RegionRecord>;
  locator: RegionLocator;
  /** Latest day with data in any region, or -1 when empty. */
  lastDay: number;
  memo: SnapshotMemo;
  /** Risk clusters, computed with the snapshot (absent: computed on first use). */
  clusters?: ClusterAssignment;
  /** The latest risk-model recompute (compute/): figures, forecasts and clusters of every region. */
  models?: RiskModels;
}

/** A region's data is fresh when it reaches within this many days of the newest data. */
export const FRESH_DAYS = 14;

export const lastDayOf = (s: RegionSeries): number => s.firstDay + s.cumCases.length - 1;

/** Can `s` answer as of `day`: it has begun by then and does not end more than FRESH_DAYS before it. */
export const coversDay = (s: RegionSeries, day: number): boolean => s.firstDay <= day && day <= lastDayOf(s) + FRESH_DAYS;

/** Splits the flat (regionId, day)-sorted columns into one dense series per region; gaps are NaN. */
export function groupSeries(
  regions: RegionRecord[],
  cols: { regionId: Int32Array; day: Int32Array; cumCases: Float64Array; cumDeaths: Float64Array },
  dataset = "",
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
      out.set(id, { region, dataset, firstDay, cumCases, cumDeaths });
    }
    start = end;
  }
  return out;
}

/**
 * Loads every dataset and keeps, per region, the series that reaches the latest day (ties: the
 * dataset listed first), so a region covered by two sources answers from the fresher one.
 */
export async function buildSnapshot(storage: Storage, datasets: string[]): Promise<Snapshot> {
  const [regions, ...columns] = await Promise.all([storage.listRegions(), ...datasets.map((d) => storage.loadObservationSeries(d))]);
  const series = new Map<number, RegionSeries>();
  columns.forEach((cols, i) => {
    for (const [id, s] of groupSeries(regions, cols, datasets[i])) {
      const held = series.get(id);
      if (!held || lastDayOf(s) > lastDayOf(held)) series.set(id, s);
    }
  });
  const byId = new Map(regions.map((r) => [r.id, r]));
  // Countries JHU reports only by province (Canada, China, Australia) get the sum of their provinces.
  for (const s of countryAggregates(series, byId)) series.set(s.region.id, s);
  let lastDay = -1;
  for (const s of series.values()) lastDay = Math.max(lastDay, lastDayOf(s));
  return {
    clusters: computeClusters(series.values(), lastDay),
    datasets,
    builtAt: new Date().toISOString(),
    series,
    regions: byId,
    locator: createRegionLocator(regions),
    lastDay,
    memo: createSnapshotMemo(),
  };
}
