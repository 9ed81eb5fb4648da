// The covid-mesh forecaster: damped log-linear trends (and, for deaths, a case-led member),
// with quantiles from the ensemble's own rolling-origin errors on the log scale.
//   1. Weekly series cleaned of reporting gaps (cleanWeekly.ts) and put on z = ln(1 + y).
//   2. Point forecast per horizon = median of the members (with two members, their mean):
//        cases:  damped trends over the last 2 and 3 weeks;
//        deaths: damped 3-week trend, and the case-led member (cases lead deaths by 3 weeks);
//        optional members: a pooled AR on weekly log changes (pooledAr.ts, coefficients given
//        in the options) and a no-change member; a cap on growing slopes, fixed or relative to
//        the series' own recent volatility (growthCapSd); growth damped while the series is
//        above its previous peak (abovePeakScale); a skill-weighted blend with the
//        no-change forecast (flatSkillWeeks, tried, not used by the selection).
//   2b. Optionally the quantiles are averaged level by level with COVIDhub-baseline's
//      (baselineWeight; tried, lost on data before 2022, not used by the selection).
//   3. Quantiles: empirical quantiles of that same ensemble's past log errors at each
//      horizon (all origins since the series first reached `takeoffLevel` (20) weekly counts, up
//      to two years), centred on the point forecast and scaled by `spreadScale`;
//      back-transformed and truncated at 0 (optionally widened when recent errors exceed the
//      window's: recentErrorWeeks, tried, not used by the selection).
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
  /**
   * Cap on a growing slope relative to the series' own recent volatility: k × the standard
   * deviation of its weekly log changes over the `growthCapWeeks` weeks before the origin
   * (Infinity = none). A surge far faster than anything the location has recently shown is
   * the regime where extrapolation overshoots the most (the peak comes soonest).
   */
  growthCapSd?: number;
  /** Weeks of history behind the relative growth cap. */
  growthCapWeeks?: number;
  /** Newest weeks left out of the cap's volatility (0: up to the origin; 3: the volatility before the current trend windows). */
  growthCapLag?: number;
  /**
   * Past origins (0 = off) over which the ensemble's and the no-change forecast's absolute log
   * errors are compared per horizon; the point becomes their inverse-error weighted mean
   * (skill-weighted baseline member, as the Hub and CMU weight members by recent skill).
   */
  flatSkillWeeks?: number;
  /**
   * Weight of COVIDhub-baseline in a quantile average (Vincentization, as the Hub's ensembles
   * combine models level by level) with the model's own quantiles: each quantile is
   * (1 − w) × the model's + w × the baseline's (0 = off). A hedge at turning points, where
   * the flat forecast loses least; WIS is convex in the quantiles, so the blend scores no
   * worse than the same mix of the two scores.
   */
  baselineWeight?: number;
  /** Sample paths of the blended baseline (as the reference COVIDhub-baseline: 10 000). */
  blendSamples?: number;
  /**
   * Factor on a growing slope (trend and AR members) when the last week is above the location's
   * highest level before the last `peakGapWeeks` weeks (1 = off): a wave already past every
   * earlier peak is taken to be nearer its own.
   */
  abovePeakScale?: number;
  /** Newest weeks left out of the "previous peak" (so the current wave is not its own peak). */
  peakGapWeeks?: number;
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
  /** Newest past errors whose spread, when larger than the whole window's, widens the quantiles (0 = off; residualQuantiles.ts). */
  recentErrorWeeks?: number;
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
  growthCapSd: Number.POSITIVE_INFINITY,
  growthCapWeeks: 52,
  growthCapLag: 0,
  flatSkillWeeks: 0,
  baselineWeight: 0,
  blendSamples: 10_000,
  abovePeakScale: 1,
  peakGapWeeks: 8,
  flatMember: false,
  arCoefficients: [],
  caseLagWeeks: 3,
  caseElasticity: 0.7,
  errorWeeks: 104,
  spreadScale: 1,
  recentErrorWeeks: 0,
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
    const f = residualQuantileForecast(z, horizons, point, {
      window: o.errorWeeks,
      minResiduals: o.minErrors,
      firstOrigin: takeoff,
      scale: o.spreadScale,
      recent: o.recentErrorWeeks,
    });
    if (f !== null) return o.baselineWeight > 0 ? blendWithBaseline(f, input.weekly, horizons, o) : f;
  }
  // Too little history for our own spread: the baseline copes with as little as two weeks.
  return baselineForecast(input.weekly, horizons, { seed: o.seed, samples: o.fallbackSamples });
}

function ensemble(input: ForecastInput, z: Float64Array, o: Required<CovidMeshOptions>, horizons: number): PointForecaster {
  const capAt = growthCap(z, o);
  const scaleAt = abovePeakScale(z, o);
  const members: PointForecaster[] = [];
  if (input.target === "inc case") {
    for (const w of o.caseTrendWindows) members.push((e, out) => dampedTrend(z, e, w, o.declineDamping, o.caseGrowthDamping, out, capAt(e), scaleAt(e)));
  } else {
    members.push((e, out) => dampedTrend(z, e, o.deathTrendWindow, o.declineDamping, o.deathGrowthDamping, out, capAt(e), scaleAt(e)));
    if (input.companion !== undefined) {
      const cz = cleanWeeklyToLog(input.companion);
      const offset = cz.length - z.length;
      members.push((e, out) => caseLed(z, e, cz, e + offset, o.caseLagWeeks, o.caseElasticity, o.declineDamping, o.deathGrowthDamping, out, o.maxWeeklyGrowth));
    }
  }
  // The fixed cap never applied to the AR member (kept so); the relative one does.
  const arCap = Number.isFinite(o.growthCapSd) ? capAt : () => Number.POSITIVE_INFINITY;
  if (o.arCoefficients.length === 2) members.push((e, out) => arMember(z, e, o.arCoefficients, out, arCap(e), scaleAt(e)));
  if (o.flatMember) {
    members.push((e, out) => {
      if (Number.isNaN(z[e])) return false;
      out.fill(z[e]);
      return true;
    });
  }
  const median = medianForecaster(members, horizons);
  return o.flatSkillWeeks > 0 ? skillWeightedFlat(median, z, horizons, o.flatSkillWeeks) : median;
}

/** Per origin: the factor on growing slopes (abovePeakScale when z at the origin exceeds every level up to peakGapWeeks before it, else 1). */
function abovePeakScale(z: Float64Array, o: Required<CovidMeshOptions>): (end: number) => number {
  if (o.abovePeakScale === 1) return () => 1;
  // Running maximum of the known weeks: peak[t] = max z[0 … t].
  const peak = new Float64Array(z.length);
  let m = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < z.length; t++) {
    if (z[t] > m) m = z[t];
    peak[t] = m;
  }
  return (end) => {
    const before = end - o.peakGapWeeks;
    return before >= 0 && z[end] > peak[before] ? o.abovePeakScale : 1;
  };
}

/**
 * (1 − w) × the model's quantiles + w × COVIDhub-baseline's, level by level (both are
 * non-decreasing and ≥ 0, so the mix is too). The baseline of the same weekly array is reused
 * while its values are unchanged (the selection replays one input for many parameter sets).
 */
function blendWithBaseline(f: Float64Array, weekly: Float64Array, horizons: number, o: Required<CovidMeshOptions>): Float64Array {
  let b: Float64Array;
  try {
    b = cachedBaseline(weekly, horizons, o.seed, o.blendSamples);
  } catch {
    return f; // no baseline for this input (e.g. an unknown last week): the model alone
  }
  const w = o.baselineWeight;
  const out = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = (1 - w) * f[i] + w * b[i];
  return out;
}

interface BaselineMemo {
  copy: Float64Array;
  key: string;
  value: Float64Array;
}
const baselineMemo = new WeakMap<Float64Array, BaselineMemo>();

function cachedBaseline(weekly: Float64Array, horizons: number, seed: number, samples: number): Float64Array {
  const key = `${horizons}:${seed}:${samples}`;
  const hit = baselineMemo.get(weekly);
  if (hit !== undefined && hit.key === key && hit.copy.length === weekly.length && hit.copy.every((v, i) => Object.is(v, weekly[i]))) return hit.value;
  const value = baselineForecast(weekly, horizons, { seed, samples });
  baselineMemo.set(weekly, { copy: Float64Array.from(weekly), key, value });
  return value;
}

/** Per origin: the growth cap in log units per week (the fixed cap, and the relative one when set). */
function growthCap(z: Float64Array, o: Required<CovidMeshOptions>): (end: number) => number {
  if (!Number.isFinite(o.growthCapSd)) return () => o.maxWeeklyGrowth;
  // Prefix sums of the weekly log changes (NaN changes skipped) for an O(1) SD per origin.
  const n = z.length;
  const c = new Float64Array(n + 1);
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let t = 1; t < n; t++) {
    const d = z[t] - z[t - 1];
    const ok = !Number.isNaN(d);
    c[t + 1] = c[t] + (ok ? 1 : 0);
    s1[t + 1] = s1[t] + (ok ? d : 0);
    s2[t + 1] = s2[t] + (ok ? d * d : 0);
  }
  return (origin) => {
    const end = origin - o.growthCapLag;
    const from = Math.max(1, end - o.growthCapWeeks + 1);
    if (end < from) return o.maxWeeklyGrowth;
    const k = c[end + 1] - c[from];
    if (k < 8) return o.maxWeeklyGrowth;
    const mean = (s1[end + 1] - s1[from]) / k;
    const sd = Math.sqrt(Math.max(0, (s2[end + 1] - s2[from]) / k - mean * mean));
    return Math.min(o.maxWeeklyGrowth, o.growthCapSd * sd);
  };
}

/**
 * Point = per horizon, the inverse-error weighted mean of the ensemble and the no-change
 * forecast, the errors being their mean absolute log errors over the last `weeks` origins whose
 * target is observed (only data up to the origin). Ensemble points are memoized per origin,
 * since the residual replay asks for consecutive origins.
 */
function skillWeightedFlat(ens: PointForecaster, z: Float64Array, horizons: number, weeks: number): PointForecaster {
  const memo = new Map<number, Float64Array | null>();
  const at = (s: number): Float64Array | null => {
    let f = memo.get(s);
    if (f === undefined) {
      const out = new Float64Array(horizons);
      f = ens(s, out) ? out : null;
      memo.set(s, f);
    }
    return f;
  };
  return (end, out) => {
    const now = at(end);
    if (now === null || Number.isNaN(z[end])) return false;
    for (let h = 1; h <= horizons; h++) {
      let eEns = 0;
      let eFlat = 0;
      let n = 0;
      for (let s = end - h; s > end - h - weeks && s >= 0; s--) {
        const past = at(s);
        const y = z[s + h];
        if (past === null || Number.isNaN(y) || Number.isNaN(z[s])) continue;
        eEns += Math.abs(y - past[h - 1]);
        eFlat += Math.abs(y - z[s]);
        n++;
      }
      const w = n < Math.min(4, weeks) || eEns + eFlat === 0 ? 0 : eEns / (eEns + eFlat);
      out[h - 1] = (1 - w) * now[h - 1] + w * z[end];
    }
    return true;
  };
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
