// Metrics of all regions at once over the storage layout (columns sorted by regionId, day):
// one pass per region over zero-copy views, outputs aligned row for row with the inputs.
import { allocateDailyMetrics, computeDailyMetrics, sliceDailyMetrics } from "./dailyMetrics.ts";
import { regionSegments } from "./segments.ts";
import { SeriesLayoutError } from "./errors.ts";
import type { DailyMetrics, RegionSegments } from "./types.ts";

export interface ObservationColumnsInput {
  regionId: Int32Array;
  day: Int32Array;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
}

/** Metrics for every row; `population(regionId)` returns null when unknown. */
export function computeDailyMetricsByRegion(
  columns: ObservationColumnsInput,
  population: (regionId: number) => number | null,
): { metrics: DailyMetrics; segments: RegionSegments } {
  const n = columns.regionId.length;
  if (columns.cumCases.length !== n || columns.cumDeaths.length !== n) {
    throw new SeriesLayoutError(`all columns must have ${n} rows`);
  }
  const segments = regionSegments(columns.regionId, columns.day);
  const metrics = allocateDailyMetrics(n);
  for (let s = 0; s < segments.regionIds.length; s++) {
    const from = segments.offsets[s];
    const to = segments.offsets[s + 1];
    computeDailyMetrics(columns.cumCases.subarray(from, to), columns.cumDeaths.subarray(from, to), population(segments.regionIds[s]), sliceDailyMetrics(metrics, from, to));
  }
  return { metrics, segments };
}
