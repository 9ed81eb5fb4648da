// The covid-mesh forecaster: damped log-linear trends (and, for deaths, a case-led member),
// with quantiles from the ensemble's own rolling-origin errors on the log scale.
//   1. Weekly series cleaned of reporting gaps (cleanWeekly.ts) and put on z = ln(1 + y).
//   2. Point forecast per horizon = median of the members (with two members, their mean):
//        cases:  damped trends over the last 2 and 3 weeks;
//        deaths: damped 3-week trend, and the case-led member (cases lead deaths by 3 weeks);
//        optional members: a pooled AR on weekly log changes (pooledAr.ts, coefficients given
//        in the options) and a no-change member; a cap on growing slopes.
//   3. Quantiles: empirical quantiles of that same ensemble's past log errors at each
//      horizon (all origins since the series first reached `takeoffLevel` (20) weekly counts, up
//      to two years), centred on the point forecast and scaled by `spreadScale`;
//      back-transformed and truncated at 0.
//   4. When there is not enough history for 2–3, COVIDhub-baseline is returned instead.
// The defaults (what the worker runs) were picked by hand on forecast dates 2020-10-05 …
// 2021-11-29 (NYT states). For evaluation, `backtest --select-from` picks the parameters by
// rolling origin before each report window instead (selection.ts, docs/models-cases-deaths.md).
// Deterministic: no sampling except the seeded baseline fallback.
import { baselineForecast } from "./baseline.ts";
import { caseLed, dampedTrend } from "./pointMembers.ts";
import { arMember } from "./pooledAr.ts";
import { cleanWeeklyToLog } from "./cleanWeekly.ts";
import { residualQuantileForecast, type PointForecaster } from "./residualQuantiles.ts";
import { ForecastInputError } from "./errors.ts";
import { QUANTILE_COUNT } from "./quantileLevels.ts";
import type { ForecastInput, ForecastModel } from "./types.ts";

export const COVID_MESH_MODEL_NAME = "covid-mesh";

export interface CovidMeshOptions {
  /** Trend windows (weeks) of the case members. */
  caseTrendWindows?: number[];
  /** Trend window (weeks) of the death trend member. */
  deathTrendWindow?: number;
  /** Per-week damping of a declining trend. */
  declineDamping?: number;
  /** Per-week damping of a growing case trend. */
  caseGrowthDamping?: number;
  /** Per-week damping of a growing death trend (0: growth in deaths is not extrapolated, only led by cases). */
  deathGrowthDamping?: number;
  /** Cap on a growing trend's slope before damping (log units per week; Infinity = none). */
  maxWeeklyGrowth?: number;
  /** Adds a no-change member (last week's value) to the median, as the Hub's ensemble includes its baseline: a hedge at turning points. */
  flatMember?: boolean;
  /** Coefficients (a1, a2) of the pooled AR member on weekly log changes (pooledAr.ts); empty = no AR member. */
  arCoefficients?: number[];
  /** Weeks by which cases lead deaths. */
  caseLagWeeks?: number;
  /** Response of the deaths' log change to the lagged cases' log change. */
  caseElasticity?: number;
  /** Past errors kept per horizon. */
  errorWeeks?: number;
  /** Factor on the past errors' spread around the median (quantile calibration). */
  spreadScale?: number;
  /** Minimum past errors per horizon before the model trusts its own spread. */
  minErrors?: number;
  /** Weekly count the series must have reached before its errors count. */
  takeoffLevel?: number;
  /** Seed and number of sample paths of the baseline fallback (used for tiny or short series, where 2 000 paths are plenty). */
  seed?: number;
  fallbackSamples?: number;
}

const DEFAULTS: Required<CovidMeshOptions> = {
  caseTrendWindows: [2, 3],
  deathTrendWindow: 3,
  declineDamping: 0.8,
  caseGrowthDamping: 0.3,
  deathGrowthDamping: 0,
  maxWeeklyGrowth: Number.POSITIVE_INFINITY,
  flatMember: false,
  arCoefficients: [],
  caseLagWeeks: 3,
  caseElasticity: 0.7,
  errorWeeks: 104,
  spreadScale: 1,
  minErrors: 6,
  takeoffLevel: 20,
  seed: 1,
  fallbackSamples: 2000,
};

/**
 * horizons × 23 quantiles (see QUANTILE_LEVELS) of the covid-mesh model. Throws
 * InsufficientHistoryError (from the baseline fallback) with fewer than two known weeks.
 */
export function covidMeshForecast(input: ForecastInput, horizons = 4, options: CovidMeshOptions = {}): Float64Array {
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(horizons) || horizons < 1) throw new ForecastInputError(`horizons must be a positive integer, got ${horizons}`);
  const z = cleanWeeklyToLog(input.weekly);
  if (z.length >= 2 && !Number.isNaN(z[z.length - 1])) {
    const point = ensemble(input, z, o, horizons);
    let takeoff = 0;
    while (takeoff < z.length && !(z[takeoff] >= Math.log1p(o.takeoffLevel))) takeoff++;
    const f = residualQuantileForecast(z, horizons, point, { window: o.errorWeeks, minResiduals: o.minErrors, firstOrigin: takeoff, scale: o.spreadScale });
    if (f !== null) return f;
  }
  // Too little history for our own spread: the baseline copes with as little as two weeks.
  return baselineForecast(input.weekly, horizons, { seed: o.seed, samples: o.fallbackSamples });
}

function ensemble(input: ForecastInput, z: Float64Array, o: Required<CovidMeshOptions>, horizons: number): PointForecaster {
  const members: PointForecaster[] = [];
  if (input.target === "inc case") {
    for (const w of o.caseTrendWindows) members.push((e, out) => dampedTrend(z, e, w, o.declineDamping, o.caseGrowthDamping, out, o.maxWeeklyGrowth));
  } else {
    members.push((e, out) => dampedTrend(z, e, o.deathTrendWindow, o.declineDamping, o.deathGrowthDamping, out, o.maxWeeklyGrowth));
    if (input.companion !== undefined) {
      const cz = cleanWeeklyToLog(input.companion);
      const offset = cz.length - z.length;
      members.push((e, out) => caseLed(z, e, cz, e + offset, o.caseLagWeeks, o.caseElasticity, o.declineDamping, o.deathGrowthDamping, out, o.maxWeeklyGrowth));
    }
  }
  if (o.arCoefficients.length === 2) members.push((e, out) => arMember(z, e, o.arCoefficients, out));
  if (o.flatMember) {
    members.push((e, out) => {
      if (Number.isNaN(z[e])) return false;
      out.fill(z[e]);
      return true;
    });
  }
  return medianForecaster(members, horizons);
}

/** Per-horizon median of the members that can forecast from an origin (mean of the middle two when even). */
function medianForecaster(members: PointForecaster[], horizons: number): PointForecaster {
  const buffers = members.map(() => new Float64Array(horizons));
  const values = new Float64Array(members.length);
  return (end, out) => {
    let m = 0;
    for (const member of members) if (member(end, buffers[m])) m++;
    if (m === 0) return false;
    for (let h = 0; h < horizons; h++) {
      for (let i = 0; i < m; i++) values[i] = buffers[i][h];
      const v = values.subarray(0, m).sort();
      out[h] = m % 2 === 1 ? v[(m - 1) / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
    }
    return true;
  };
}

/** The covid-mesh model for the backtest. */
export function covidMeshModel(options: CovidMeshOptions = {}, name = COVID_MESH_MODEL_NAME): ForecastModel {
  return { name, forecast: (input, horizons) => covidMeshForecast(input, horizons, options) };
}

/** The covid-mesh model with separate parameters for cases and for deaths (as the parameter selection picks them). */
export function covidMeshModelByTarget(byTarget: { "inc case": CovidMeshOptions; "inc death": CovidMeshOptions }, name = COVID_MESH_MODEL_NAME): ForecastModel {
  return { name, forecast: (input, horizons) => covidMeshForecast(input, horizons, byTarget[input.target]) };
}

/**
 * The covid-mesh model with parameters per target and per horizon (index h − 1; as the
 * per-horizon selection picks them): each horizon's row comes from the forecast made with its
 * own parameters (each horizon's quantiles depend only on that horizon's point and past errors).
 */
export function covidMeshModelByHorizon(byTarget: { "inc case": CovidMeshOptions[]; "inc death": CovidMeshOptions[] }, name = COVID_MESH_MODEL_NAME): ForecastModel {
  return {
    name,
    forecast: (input, horizons) => {
      const list = byTarget[input.target];
      const out = new Float64Array(horizons * QUANTILE_COUNT);
      const made = new Map<CovidMeshOptions, Float64Array>();
      for (let h = 0; h < horizons; h++) {
        const o = list[Math.min(h, list.length - 1)];
        let f = made.get(o);
        if (f === undefined) made.set(o, (f = covidMeshForecast(input, horizons, o)));
        out.set(f.subarray(h * QUANTILE_COUNT, (h + 1) * QUANTILE_COUNT), h * QUANTILE_COUNT);
      }
      return out;
    },
  };
}
