// Forecasts of weekly incident cases and deaths 1–4 weeks ahead for one region as of a day, in
// Forecast Hub form (23 quantiles per week), computed on first request and memoized on the
// snapshot. The model is COVIDhub-baseline from models/forecast.
import { baselineForecast, BASELINE_MODEL_NAME } from "../../models/forecast/baseline.ts";
import { forecastDateAfter, lastSaturdayOnOrBefore } from "../../models/forecast/epiweek.ts";
import { InsufficientHistoryError } from "../../models/forecast/errors.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "../../models/forecast/quantileLevels.ts";
import { weeklyIncidence } from "../../models/metrics/mod.ts";
import type { RegionSeries, Snapshot } from "./snapshot.ts";
import { lastDayOf } from "./snapshot.ts";

export const HORIZONS = 4;

export interface RegionForecast {
  model: string;
  /** Day number of the last observed Saturday (end of the last complete epiweek). */
  lastSaturday: number;
  /** Monday after lastSaturday: the Hub's forecast_date. */
  forecastDay: number;
  /** HORIZONS × 23 quantiles, horizon-major; null when the history is too short. */
  cases: Float64Array | null;
  deaths: Float64Array | null;
  lastWeekCases: number;
  lastWeekDeaths: number;
}

const levelIndex = (p: number) => QUANTILE_LEVELS.findIndex((l) => Math.abs(l - p) < 1e-9);
export const Q = { lower95: levelIndex(0.025), lower50: levelIndex(0.25), median: levelIndex(0.5), upper50: levelIndex(0.75), upper95: levelIndex(0.975) };

function tryForecast(weekly: Float64Array): Float64Array | null {
  try {
    return baselineForecast(weekly, HORIZONS);
  } catch (err) {
    if (err instanceof InsufficientHistoryError) return null;
    throw err;
  }
}

/** The forecast made with data through the last Saturday on or before `asOfDay`; null without a complete week. */
export function regionForecast(snapshot: Snapshot, s: RegionSeries, asOfDay: number): RegionForecast | null {
  const lastSaturday = lastSaturdayOnOrBefore(Math.min(asOfDay, lastDayOf(s)));
  // The recompute's covid-mesh forecast (compute/), when it was made from this same last week.
  const pre = snapshot.models?.forecasts.get(s.region.id);
  if (pre && pre.lastSaturday === lastSaturday) return pre;
  return snapshot.memo.once(`forecast|${s.region.id}|${lastSaturday}`, () => {
    const n = lastSaturday - s.firstDay + 1;
    if (n < 15) return null; // fewer than two complete weeks
    const cases = weeklyIncidence(s.cumCases.subarray(0, n), s.firstDay).values;
    const deaths = weeklyIncidence(s.cumDeaths.subarray(0, n), s.firstDay).values;
    const c = tryForecast(cases);
    if (!c) return null;
    return {
      model: BASELINE_MODEL_NAME,
      lastSaturday,
      forecastDay: forecastDateAfter(lastSaturday),
      cases: c,
      deaths: tryForecast(deaths),
      lastWeekCases: cases[cases.length - 1],
      lastWeekDeaths: deaths[deaths.length - 1],
    };
  });
}

export const quantileAt = (f: Float64Array, horizon: number, q: number): number => f[(horizon - 1) * QUANTILE_COUNT + q];
export { QUANTILE_LEVELS, QUANTILE_COUNT };
