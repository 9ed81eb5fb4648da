// covid.forecasts.get: a region's 1–4 week forecast of weekly cases and deaths, 23 quantiles
// per target, with the Forecast Hub's target names, dates and location code.
import { type Forecast, isoOfDay } from "../../../domain/mod.ts";
import type { RegionRecord } from "../../../sql/mod.ts";
import { ServiceError } from "../../../domain/mod.ts";
import { HORIZONS, Q, QUANTILE_COUNT, QUANTILE_LEVELS, quantileAt, regionForecast } from "../forecasts.ts";
import { lastDayOf, type Snapshot } from "../snapshotTypes.ts";
import { regionSummary } from "../regionSummary.ts";
import { seriesOf } from "./regionGet.ts";

/** Forecast Hub location: FIPS for US counties and states, "US" for the country, else ISO2/ISO3. */
export function hubLocation(r: RegionRecord): string {
  if (r.id === 840) return "US";
  return r.fips ?? r.iso2 ?? r.iso3 ?? String(r.id);
}

export function regionForecastAnswer(snapshot: Snapshot | null, id: number): Forecast {
  const s = seriesOf(snapshot, id);
  const f = regionForecast(snapshot!, s, lastDayOf(s));
  if (!f) throw new ServiceError("insufficient_history", `${s.region.name} has too little history to forecast`);
  const targets: Forecast["targets"] = [];
  for (const [kind, values] of [
    ["case", f.cases],
    ["death", f.deaths],
  ] as const) {
    if (!values) continue;
    for (let h = 1; h <= HORIZONS; h++) {
      const quantiles = [];
      for (let q = 0; q < QUANTILE_COUNT; q++) quantiles.push({ quantile: QUANTILE_LEVELS[q], value: quantileAt(values, h, q) });
      targets.push({
        target: `${h} wk ahead inc ${kind}`,
        targetEndDate: isoOfDay(f.lastSaturday + 7 * h),
        point: quantileAt(values, h, Q.median),
        quantiles,
      });
    }
  }
  return { region: regionSummary(s.region), model: f.model, forecastDate: isoOfDay(f.forecastDay), location: hubLocation(s.region), targets };
}
