// A region's forecast of weekly cases and deaths 1–4 weeks ahead, as of a day, in Forecast Hub
// form (23 quantiles per week). One path: the recompute's covid-mesh forecast (compute/) when it
// was made from the same last complete week; otherwise, explicitly, the COVIDhub-baseline
// fallback, computed on request from the weeks through that Saturday and memoized on the
// snapshot. The fallback answers queries dated before the region's last week, and every query
// until the first recompute of the process lands.
import { lastSaturdayOnOrBefore, QUANTILE_COUNT, QUANTILE_LEVELS } from "../../models/mod.ts";
import { baselineRegionForecast } from "./compute/regionForecasts.ts";
import { HORIZONS, lastDayOf, type RegionForecast, type RegionSeries, type Snapshot } from "./snapshotTypes.ts";

/** The fallback baseline keeps models/forecast's defaults (10,000 sample paths, its seed). */
const FALLBACK_BASELINE = {};

const levelIndex = (p: number) => QUANTILE_LEVELS.findIndex((l) => Math.abs(l - p) < 1e-9);
export const Q = { lower95: levelIndex(0.025), lower50: levelIndex(0.25), median: levelIndex(0.5), upper50: levelIndex(0.75), upper95: levelIndex(0.975) };

/** The forecast made with data through the last Saturday on or before `asOfDay`; null without two complete weeks. */
export function regionForecast(snapshot: Snapshot, s: RegionSeries, asOfDay: number): RegionForecast | null {
  const lastSaturday = lastSaturdayOnOrBefore(Math.min(asOfDay, lastDayOf(s)));
  const precomputed = snapshot.models?.forecasts.get(s.region.id);
  if (precomputed && precomputed.lastSaturday === lastSaturday) return precomputed;
  return snapshot.memo.once(`forecast|${s.region.id}|${lastSaturday}`, () => baselineRegionForecast(s, lastSaturday, FALLBACK_BASELINE));
}

export const quantileAt = (f: Float64Array, horizon: number, q: number): number => f[(horizon - 1) * QUANTILE_COUNT + q];
export { HORIZONS, QUANTILE_LEVELS, QUANTILE_COUNT };
