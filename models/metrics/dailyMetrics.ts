// All per-region-day metrics of one region from its cumulative cases and deaths, in O(n).
import { clampNegative, newFromCumulative } from "./daily.ts";
import { doublingTime, weeklyGrowthRate } from "./growth.ts";
import { scalePer100k, trailingSum } from "./rolling.ts";
import { ModelInputError } from "../errors.ts";
import type { DailyMetrics } from "./types.ts";

const METRIC_KEYS = [
  "newCasesRaw",
  "newCases",
  "newCases7dAvg",
  "caseDensity",
  "weeklyCasesPer100k",
  "growthRate",
  "doublingTime",
  "newDeathsRaw",
  "newDeaths",
  "newDeaths7dAvg",
  "deathsPer100k",
  "weeklyDeathsPer100k",
] as const satisfies readonly (keyof DailyMetrics)[];

/** Fresh zeroed metric columns of length n. */
export function allocateDailyMetrics(n: number): DailyMetrics {
  const m = {} as Record<keyof DailyMetrics, Float64Array>;
  for (const key of METRIC_KEYS) m[key] = new Float64Array(n);
  return m;
}

/** Views [from, to) of every column (no copy): lets one region write into a shared layout. */
export function sliceDailyMetrics(m: DailyMetrics, from: number, to: number): DailyMetrics {
  const out = {} as Record<keyof DailyMetrics, Float64Array>;
  for (const key of METRIC_KEYS) out[key] = m[key].subarray(from, to);
  return out;
}

/**
 * Metrics of one region. `population` may be null/NaN/≤ 0: the per-100k columns are then NaN
 * and the rest is still computed. `out` (e.g. a slice of a bigger layout) avoids allocation.
 */
export function computeDailyMetrics(
  cumCases: Float64Array,
  cumDeaths: Float64Array,
  population: number | null,
  out: DailyMetrics = allocateDailyMetrics(cumCases.length),
): DailyMetrics {
  const n = cumCases.length;
  if (cumDeaths.length !== n) {
    throw new ModelInputError(`cases (${n} days) and deaths (${cumDeaths.length} days) must cover the same days`);
  }
  const pop = population ?? Number.NaN;

  newFromCumulative(cumCases, out.newCasesRaw);
  clampNegative(out.newCasesRaw, out.newCases);
  // weeklyCasesPer100k first holds the plain 7-day sum, reused by the average and the growth rate.
  const sum7 = trailingSum(out.newCases, 7, out.weeklyCasesPer100k);
  for (let t = 0; t < n; t++) out.newCases7dAvg[t] = sum7[t] / 7;
  weeklyGrowthRate(sum7, out.growthRate);
  doublingTime(out.growthRate, out.doublingTime);
  scalePer100k(out.newCases7dAvg, pop, out.caseDensity);
  scalePer100k(sum7, pop, out.weeklyCasesPer100k);

  newFromCumulative(cumDeaths, out.newDeathsRaw);
  clampNegative(out.newDeathsRaw, out.newDeaths);
  const deaths7 = trailingSum(out.newDeaths, 7, out.weeklyDeathsPer100k);
  for (let t = 0; t < n; t++) out.newDeaths7dAvg[t] = deaths7[t] / 7;
  scalePer100k(deaths7, pop, out.weeklyDeathsPer100k);
  scalePer100k(cumDeaths, pop, out.deathsPer100k);
  return out;
}
