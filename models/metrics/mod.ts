// Per-region-day metrics from cumulative cases and deaths: daily new (raw and clamped), 7-day
// averages and densities, growth rate, doubling time, weekly incidence per epiweek.
export { newFromCumulative, clampNegative } from "./daily.ts";
export { trailingSum, trailingMean, scalePer100k } from "./rolling.ts";
export { weeklyGrowthRate, doublingTime } from "./growth.ts";
export { weeklyIncidence } from "./weekly.ts";
export { computeDailyMetrics, allocateDailyMetrics, sliceDailyMetrics } from "./dailyMetrics.ts";
export { computeDailyMetricsByRegion, type ObservationColumnsInput } from "./byRegion.ts";
export { regionSegments } from "./segments.ts";
export { SeriesLayoutError } from "./errors.ts";
export type * from "./types.ts";
