// covid.hosp-forecasts.get: a state's (DC's, PR's or the US') forecast of weekly COVID-19
// hospital admissions, horizons −1…3 after the Saturday reference date, 23 quantiles, from the
// forecast computed after the newest NHSN publication (current/hospForecasts.ts); and its brief
// form for a risk answer.
import { type HospForecastAnswer, type HospForecastQuery, type HospForecastSummary, isoOfDay, type RiskAnswer } from "../../../domain/mod.ts";
import { formatHubverseCsv, HOSP_TARGET, type HospForecast } from "../../../models/forecast/hosp/mod.ts";
import type { HospForecastRun } from "../current/hospForecasts.ts";
import { HOSP_FORECAST_MODEL, hospTargetName } from "../current/hospForecasts.ts";
import { ServiceError } from "../../../domain/mod.ts";
import { Q, QUANTILE_LEVELS } from "../forecasts.ts";

type Region = { id: number; name: string };

export function hospForecastAnswer(run: HospForecastRun | null, regions: ReadonlyMap<number, Region> | null, q: HospForecastQuery): HospForecastAnswer {
  const list = run?.byRegion.get(q.id);
  if (!run || !list || list.length === 0) {
    const r = regions?.get(q.id);
    const what = r ? `${r.name} (${q.id})` : `region ${q.id}`;
    throw new ServiceError(
      "no_hosp_forecast",
      run
        ? `no hospital-admission forecast for ${what}: only states, DC, Puerto Rico and the US are forecast`
        : "no hospital-admission forecast yet: no NHSN admissions are stored",
    );
  }
  const r = regions?.get(q.id);
  const lastWeek = run.referenceDay - 7;
  return {
    region: { id: q.id, name: r?.name ?? list[0].location, level: q.id === 840 ? "country" : "state" },
    location: list[0].location,
    model: HOSP_FORECAST_MODEL,
    target: HOSP_TARGET,
    referenceDate: isoOfDay(run.referenceDay),
    dataset: run.dataset,
    lastObservedWeek: isoOfDay(lastWeek),
    lastObservedValue: run.lastObserved.get(q.id) ?? null,
    horizons: list.map((f) => ({
      horizon: f.horizon,
      target: hospTargetName(f.horizon),
      targetEndDate: f.targetEndDate,
      median: f.quantiles[Q.median],
      quantiles: Array.from(f.quantiles, (value, i) => ({ quantile: QUANTILE_LEVELS[i], value })),
    })),
    ...(q.format === "hubverse" ? { hubverseCsv: formatHubverseCsv(list) } : {}),
  };
}

export function hospForecastSummary(run: HospForecastRun, list: readonly HospForecast[], regionId: number): HospForecastSummary {
  return {
    regionId,
    location: list[0].location,
    model: HOSP_FORECAST_MODEL,
    target: HOSP_TARGET,
    referenceDate: isoOfDay(run.referenceDay),
    horizons: list.map((f) => ({
      horizon: f.horizon,
      targetEndDate: f.targetEndDate,
      median: f.quantiles[Q.median],
      lower50: f.quantiles[Q.lower50],
      upper50: f.quantiles[Q.upper50],
      lower95: f.quantiles[Q.lower95],
      upper95: f.quantiles[Q.upper95],
    })),
  };
}

/**
 * Adds the state's admission forecast to a risk answer when its `current.hospitalAdmissions`
 * comes from the same series and week the forecast was made from (so an answer for a past date,
 * from the data known then, never gets a forecast made later); otherwise null.
 */
export function withHospForecast(answer: RiskAnswer, run: HospForecastRun | null): RiskAnswer {
  const h = answer.current.hospitalAdmissions;
  const list = h && run ? run.byRegion.get(h.regionId) : undefined;
  const fits = h && run && list && list.length > 0 && h.dataset === run.dataset && h.weekEnding === isoOfDay(run.referenceDay - 7);
  return { ...answer, hospitalAdmissionsForecast: fits ? hospForecastSummary(run, list, h.regionId) : null };
}
