// 1–4 week forecasts of weekly cases and deaths for one region from the weeks up to a Saturday
// (forecast_date = the Monday after): covid-mesh (what answers show) and COVIDhub-baseline (the
// reference the recompute stores, and the explicit fallback of forecasts.ts). Each target's
// covid-mesh model sees the other target as its companion series (deaths are led by cases).
import {
  baselineForecast,
  covidMeshForecast,
  forecastDateAfter,
  lastSaturdayOnOrBefore,
  weeklyIncidence,
  BASELINE_MODEL_NAME,
  COVID_MESH_MODEL_NAME,
  InsufficientHistoryError,
  type BaselineOptions,
} from "../../../models/mod.ts";
import { HORIZONS, lastDayOf, type RegionForecast, type RegionSeries } from "../snapshotTypes.ts";

/** Fewer than two complete weeks: nothing to forecast from. */
const MIN_DAYS = 15;

/** Baseline sample paths: 2,000 keep its Monte-Carlo error well under the quantile spacing (as covid-mesh's fallback). */
export const STORED_BASELINE: BaselineOptions = { seed: 1, samples: 2_000 };

function attempt(f: () => Float64Array): Float64Array | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof InsufficientHistoryError) return null;
    throw err;
  }
}

interface Weeks {
  lastSaturday: number;
  cases: Float64Array;
  deaths: Float64Array;
}

/** Weekly incidence through `lastSaturday`; null with fewer than two complete weeks. */
function weeksThrough(s: RegionSeries, lastSaturday: number): Weeks | null {
  const n = lastSaturday - s.firstDay + 1;
  if (n < MIN_DAYS) return null;
  return {
    lastSaturday,
    cases: weeklyIncidence(s.cumCases.subarray(0, n), s.firstDay).values,
    deaths: weeklyIncidence(s.cumDeaths.subarray(0, n), s.firstDay).values,
  };
}

function forecastOf(model: string, w: Weeks, cases: Float64Array | null, deaths: Float64Array | null): RegionForecast {
  const last = w.cases.length - 1;
  return { model, lastSaturday: w.lastSaturday, forecastDay: forecastDateAfter(w.lastSaturday), cases, deaths, lastWeekCases: w.cases[last], lastWeekDeaths: w.deaths[last] };
}

/** COVIDhub-baseline; `cases` (or `deaths`) null when the history is too short for it. */
function baselineOf(w: Weeks, opts: BaselineOptions, deathsToo: boolean): RegionForecast {
  const cases = attempt(() => baselineForecast(w.cases, HORIZONS, opts));
  const deaths = deathsToo ? attempt(() => baselineForecast(w.deaths, HORIZONS, opts)) : null;
  return forecastOf(BASELINE_MODEL_NAME, w, cases, deaths);
}

/** COVIDhub-baseline from the weeks through `lastSaturday`; null without two complete weeks or a case forecast. */
export function baselineRegionForecast(s: RegionSeries, lastSaturday: number, opts: BaselineOptions): RegionForecast | null {
  const w = weeksThrough(s, lastSaturday);
  const f = w && baselineOf(w, opts, true);
  return f?.cases ? f : null;
}

export interface RegionForecastPair {
  covidMesh: RegionForecast;
  baseline: RegionForecast | null;
}

/** Both models as of the region's last complete epiweek (the recompute's forecasts). */
export function regionForecasts(s: RegionSeries, withBaseline: boolean): RegionForecastPair | null {
  const w = weeksThrough(s, lastSaturdayOnOrBefore(lastDayOf(s)));
  if (!w) return null;
  const { cases, deaths } = w;
  // A region whose last week is unknown (a reporting gap) gets no forecast rather than a stale one.
  if (cases.length < 2 || !Number.isFinite(cases[cases.length - 1])) return null;
  const meshCases = attempt(() => covidMeshForecast({ weekly: cases, target: "inc case", companion: deaths }, HORIZONS));
  if (!meshCases) return null;
  const deathsKnown = Number.isFinite(deaths[deaths.length - 1]);
  const meshDeaths = deathsKnown ? attempt(() => covidMeshForecast({ weekly: deaths, target: "inc death", companion: cases }, HORIZONS)) : null;
  const covidMesh = forecastOf(COVID_MESH_MODEL_NAME, w, meshCases, meshDeaths);
  if (!withBaseline) return { covidMesh, baseline: null };
  return { covidMesh, baseline: baselineOf(w, STORED_BASELINE, deathsKnown) };
}
