// 1–4 week forecasts of weekly cases and deaths for one region, as of its last complete epiweek
// (the Saturday on or before its last day; forecast_date = the Monday after): covid-mesh (what
// answers show) and COVIDhub-baseline (stored as the reference). Each target's model sees the
// other target as its companion series (deaths are led by cases).
import {
  baselineForecast,
  covidMeshForecast,
  forecastDateAfter,
  lastSaturdayOnOrBefore,
  weeklyIncidence,
  BASELINE_MODEL_NAME,
  COVID_MESH_MODEL_NAME,
  InsufficientHistoryError,
} from "../../../models/mod.ts";
import { HORIZONS, type RegionForecast } from "../forecasts.ts";
import { lastDayOf, type RegionSeries } from "../snapshot.ts";

/** Fewer than two complete weeks: nothing to forecast from. */
const MIN_DAYS = 15;

/** Baseline sample paths: 2,000 keep its Monte-Carlo error well under the quantile spacing (as covid-mesh's fallback). */
const BASELINE_SAMPLES = 2_000;

function attempt(f: () => Float64Array): Float64Array | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof InsufficientHistoryError) return null;
    throw err;
  }
}

export interface RegionForecastPair {
  covidMesh: RegionForecast;
  baseline: RegionForecast | null;
}

export function regionForecasts(s: RegionSeries, withBaseline: boolean): RegionForecastPair | null {
  const lastSaturday = lastSaturdayOnOrBefore(lastDayOf(s));
  const n = lastSaturday - s.firstDay + 1;
  if (n < MIN_DAYS) return null;
  const cases = weeklyIncidence(s.cumCases.subarray(0, n), s.firstDay).values;
  const deaths = weeklyIncidence(s.cumDeaths.subarray(0, n), s.firstDay).values;
  // A region whose last week is unknown (a reporting gap) gets no forecast rather than a stale one.
  if (cases.length < 2 || !Number.isFinite(cases[cases.length - 1])) return null;
  const meshCases = attempt(() => covidMeshForecast({ weekly: cases, target: "inc case", companion: deaths }, HORIZONS));
  if (!meshCases) return null;
  const deathsKnown = Number.isFinite(deaths[deaths.length - 1]);
  const meshDeaths = deathsKnown ? attempt(() => covidMeshForecast({ weekly: deaths, target: "inc death", companion: cases }, HORIZONS)) : null;
  const common = { lastSaturday, forecastDay: forecastDateAfter(lastSaturday), lastWeekCases: cases[cases.length - 1], lastWeekDeaths: deaths[deaths.length - 1] };
  const covidMesh: RegionForecast = { model: COVID_MESH_MODEL_NAME, ...common, cases: meshCases, deaths: meshDeaths };
  if (!withBaseline) return { covidMesh, baseline: null };
  const opts = { seed: 1, samples: BASELINE_SAMPLES };
  const baseline: RegionForecast = {
    model: BASELINE_MODEL_NAME,
    ...common,
    cases: attempt(() => baselineForecast(cases, HORIZONS, opts)),
    deaths: deathsKnown ? attempt(() => baselineForecast(deaths, HORIZONS, opts)) : null,
  };
  return { covidMesh, baseline };
}
