// Rolling-origin parameter selection for covid-mesh: the parameters used on a report window
// are picked by replaying the model on earlier forecast dates and scoring it only against
// truth that was known before the window starts (target_end_date < truthBefore). Nothing of
// the window itself (nor any later data) can influence the choice; the data a candidate sees
// at each forecast date is cut exactly as in the backtest (forecastItems.ts).
//
// Search: coordinate descent over a small grid, per target (cases and deaths get their own
// parameters), from a fixed start that is not the tuned default. For each parameter in turn,
// every value is tried with the others held at the current choice; a value replaces the
// current one only if it lowers the criterion (ties keep the earlier choice, so the result is
// deterministic). Relative WIS against the baseline is the per-horizon ratio
// ΣWIS_model / ΣWIS_baseline over the same (location, date, horizon) set (what relative WIS is
// for two models). Criterion: the selection dates are cut into blocks of 13 weeks; per horizon
// the worst block's relative WIS counts; the criterion is their mean over horizons. Pooling
// all dates into one ratio (blockWeeks 0) lets the largest wave decide alone: on 2020-06 …
// 2021-12 it chose a growth damping of 0.5 that overshot the Omicron peak (4-week relative
// WIS 1.14 on 2022-01 … 06). The worst-block rule asks instead for parameters that are never
// far behind the baseline in any quarter, which is what "< 1 on every window" needs. (That
// rule was adopted after seeing the 2022 failure, as docs/models-cases-deaths.md says.)
import { intervalLayout, weightedIntervalScore } from "../evaluation/intervalScore.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "./quantileLevels.ts";
import { runModel, type DailyCumulativeSeries } from "./backtest.ts";
import { baselineModel } from "./baseline.ts";
import { covidMeshModel, type CovidMeshOptions } from "./covidMesh.ts";
import { forecastItems, type ForecastItem } from "./forecastItems.ts";
import { cleanWeeklyToLog } from "./cleanWeekly.ts";
import { fitPooledAr } from "./pooledAr.ts";
import { lastObservedSaturday } from "./epiweek.ts";
import { ForecastInputError } from "./errors.ts";
import type { ForecastModel, TargetKind } from "./types.ts";

type Value = number | number[] | boolean;
/** Ordered (parameter, candidate values) pairs of one target. */
export type ParameterGrid = Array<[keyof CovidMeshOptions, Value[]]>;

const SHARED: ParameterGrid = [
  ["maxWeeklyGrowth", [Number.POSITIVE_INFINITY, 0.5, 0.35, 0.25]],
  ["flatMember", [false, true]],
  ["declineDamping", [0.5, 0.65, 0.8, 0.9]],
  ["errorWeeks", [26, 52, 104]],
  ["spreadScale", [0.9, 1, 1.2, 1.4]],
];

export const SELECTION_GRID: Record<TargetKind, ParameterGrid> = {
  "inc case": [
    [
      "caseTrendWindows",
      [
        [2, 3],
        [1, 2, 3],
        [2, 3, 4],
        [3, 4],
      ],
    ],
    ["caseGrowthDamping", [0, 0.15, 0.3, 0.5, 0.7]],
    ...SHARED,
    // Cap on growth relative to the series' recent volatility (covidMesh.ts); cases only, so the
    // death selection (and its results) are as before this candidate was added.
    ["growthCapSd", [Number.POSITIVE_INFINITY, 1.5, 2, 3]],
    ["growthCapWeeks", [52, 26]],
    // Growth damped above the location's previous peak (covidMesh.ts, abovePeakScale; the
    // previous peak is the highest week up to 8 weeks before the origin, not searched). Cases
    // only. Chosen on data before 2022 (bench/caseCandidates.ts, bench/caseGridWindows.ts on
    // windows 2020-10 … 2021-03 and 2021-07 … 12) over a quantile blend with COVIDhub-baseline
    // (baselineWeight, which lost on both windows), and frozen before the 2022 window was run.
    ["abovePeakScale", [1, 0.75, 0.5]],
  ],
  "inc death": [["deathTrendWindow", [2, 3, 4]], ["deathGrowthDamping", [0, 0.3, 0.6]], ["caseLagWeeks", [1, 2, 3, 4]], ["caseElasticity", [0.3, 0.5, 0.7, 0.9]], ...SHARED],
};

/** Where the search starts: plain mid-grid values, deliberately not the defaults tuned on 2020-10 … 2021-11. */
export const SELECTION_START: Record<TargetKind, CovidMeshOptions> = {
  "inc case": {
    arCoefficients: [],
    maxWeeklyGrowth: Number.POSITIVE_INFINITY,
    flatMember: false,
    caseTrendWindows: [2, 3],
    caseGrowthDamping: 0.5,
    declineDamping: 0.65,
    errorWeeks: 52,
    spreadScale: 1,
    growthCapSd: Number.POSITIVE_INFINITY,
    growthCapWeeks: 52,
    // Not searched: the volatility is measured before the last 3 weeks (the longest trend
    // window), decided on 2020-06 … 2021-12 (bench/caseCandidates.ts; docs/models-cases-deaths.md).
    growthCapLag: 3,
    abovePeakScale: 1,
    peakGapWeeks: 8,
  },
  "inc death": {
    arCoefficients: [],
    maxWeeklyGrowth: Number.POSITIVE_INFINITY,
    flatMember: false,
    deathTrendWindow: 3,
    deathGrowthDamping: 0.3,
    caseLagWeeks: 2,
    caseElasticity: 0.5,
    declineDamping: 0.65,
    errorWeeks: 52,
    spreadScale: 1,
  },
};

export interface SelectionOptions {
  series: { cases: Map<string, DailyCumulativeSeries>; deaths: Map<string, DailyCumulativeSeries> };
  /** Candidate forecast dates (Mondays); only their horizons with target_end_date < truthBefore are scored. */
  selectDates: ArrayLike<number>;
  /** Day number: the first day of the report window. */
  truthBefore: number;
  horizons?: number;
  /** Reference model (default: COVIDhub-baseline with seed 1, as the backtest command runs it). */
  baseline?: ForecastModel;
  grid?: Record<TargetKind, ParameterGrid>;
  start?: Record<TargetKind, CovidMeshOptions>;
  /**
   * Also fit the pooled AR member's coefficients on the selection period (pooledAr.ts) and
   * offer the member to the search (default true).
   */
  fitAr?: boolean;
  /** Rounds of coordinate descent (stops early when a round changes nothing). */
  passes?: number;
  /**
   * Forecast dates are cut into blocks of this many weeks (counted back from the last
   * selection date); the criterion per horizon is the worst block's relative WIS. 0 = one
   * block (the pooled relative WIS). Default 13.
   */
  blockWeeks?: number;
  /**
   * After the joint choice, choose again per horizon: a coordinate descent from the joint choice
   * on that horizon's worst-block relative WIS alone (byHorizon in the result). Default false.
   */
  perHorizon?: boolean;
}

export interface TargetChoice {
  target: TargetKind;
  /** The chosen values of the grid's parameters (the rest stay at the model's defaults). */
  options: CovidMeshOptions;

  /** Relative WIS of the choice per horizon on the whole selection set. */
  relativeWis: number[];
  /** Per horizon, the worst block's relative WIS, and their mean over horizons (the criterion). */
  worstBlock: number[];
  criterion: number;
  blockWeeks: number;
  /** Scored (location, forecast date, horizon) triples. */
  scored: number;
  /** First and last forecast date (day numbers) that contributed a scored triple. */
  firstDate: number;
  lastDate: number;
  truthBefore: number;
  /** Parameter sets evaluated. */
  evaluated: number;
  /** The pooled AR coefficients fitted on the selection period (used only if options.arCoefficients has them). */
  arFit: number[];
  /** With perHorizon: the parameters of each horizon (index h − 1), and their worst-block relative WIS there. */
  byHorizon?: CovidMeshOptions[];
  byHorizonWorst?: number[];
}

interface Score {
  /** Pooled relative WIS per horizon. */
  rel: number[];
  /** Worst block's relative WIS per horizon. */
  worst: number[];
  /** The criterion: mean of `worst` over horizons. */
  mean: number;
}

export const DEFAULT_BLOCK_WEEKS = 13;

export function selectParameters(opts: SelectionOptions): Record<TargetKind, TargetChoice> {
  const horizons = opts.horizons ?? 4;
  const saturdays = Array.from(opts.selectDates, (f) => lastObservedSaturday(f));
  const baseline = opts.baseline ?? baselineModel({ seed: 1 });
  const out = {} as Record<TargetKind, TargetChoice>;
  for (const target of ["inc case", "inc death"] as const) {
    const own = target === "inc case" ? opts.series.cases : opts.series.deaths;
    const other = target === "inc case" ? opts.series.deaths : opts.series.cases;
    const items = forecastItems(own, other, target, saturdays, horizons, opts.truthBefore);
    if (items.length === 0) throw new ForecastInputError(`no ${target} truth before the report window to select parameters on`);
    const lastSat = Math.max(...saturdays);
    const blockWeeks = opts.blockWeeks ?? DEFAULT_BLOCK_WEEKS;
    // A short oldest block (under half a block) joins the next one rather than score on its own.
    const weeks = (lastSat - Math.min(...saturdays)) / 7 + 1;
    const blocks = blockWeeks > 0 ? Math.max(1, Math.round(weeks / blockWeeks)) : 1;
    const block = Int32Array.from(items, (item) => Math.min(blocks - 1, blockWeeks > 0 ? Math.floor((lastSat - item.saturday) / (7 * blockWeeks)) : 0));
    const arFit = fitAr(items, Math.min(...saturdays));
    const grid: ParameterGrid = [...(opts.grid ?? SELECTION_GRID)[target]];
    if (opts.fitAr ?? true) grid.push(["arCoefficients", [[], arFit]]);
    const baseWis = items.map((item) => wisPerHorizon(runModel(baseline, item.input, horizons), item, horizons));
    const cache = new Map<string, Score>();
    const evaluate = (o: CovidMeshOptions): Score => {
      const key = Object.entries(o)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(" ");
      let s = cache.get(key);
      if (s === undefined) cache.set(key, (s = scoreCandidate(covidMeshModel(o), items, baseWis, block, horizons)));
      return s;
    };
    /** Coordinate descent from `start` on criterion `of`; ties keep the earlier value. */
    const descend = (start: CovidMeshOptions, of: (s: Score) => number): { options: CovidMeshOptions; score: Score } => {
      let current = start;
      let best = evaluate(current);
      for (let pass = 0; pass < (opts.passes ?? 2); pass++) {
        let changed = false;
        for (const [param, values] of grid) {
          for (const v of values) {
            if (String(v) === String(current[param])) continue;
            const candidate = { ...current, [param]: v };
            const s = evaluate(candidate);
            if (of(s) < of(best) - 1e-12) {
              best = s;
              current = candidate;
              changed = true;
            }
          }
        }
        if (!changed) break;
      }
      return { options: current, score: best };
    };
    const joint = descend({ ...(opts.start ?? SELECTION_START)[target] }, (s) => s.mean);
    const current = joint.options;
    const best = joint.score;
    const perHorizon = opts.perHorizon
      ? Array.from({ length: horizons }, (_, h) => descend(current, (s) => (Number.isNaN(s.worst[h]) ? Number.POSITIVE_INFINITY : s.worst[h])))
      : null;
    let scored = 0;
    let firstDate = Number.POSITIVE_INFINITY;
    let lastDate = Number.NEGATIVE_INFINITY;
    items.forEach((item, i) => {
      const n = baseWis[i].filter((w) => !Number.isNaN(w)).length;
      if (n === 0) return;
      scored += n;
      firstDate = Math.min(firstDate, item.saturday + 2);
      lastDate = Math.max(lastDate, item.saturday + 2);
    });
    out[target] = {
      target,
      options: current,
      relativeWis: best.rel,
      worstBlock: best.worst,
      criterion: best.mean,
      blockWeeks,
      scored,
      firstDate,
      lastDate,
      truthBefore: opts.truthBefore,
      evaluated: cache.size,
      arFit,
      ...(perHorizon ? { byHorizon: perHorizon.map((p) => p.options), byHorizonWorst: perHorizon.map((p, h) => p.score.worst[h]) } : {}),
    };
  }
  return out;
}

/** Pooled AR fit on each location's longest view (the last selection date), weeks from the first selection date on. */
function fitAr(items: ForecastItem[], firstSaturday: number): number[] {
  const longest = new Map<string, ForecastItem>();
  for (const item of items) if ((longest.get(item.location)?.saturday ?? -Infinity) < item.saturday) longest.set(item.location, item);
  const series: Float64Array[] = [];
  const from: number[] = [];
  for (const item of longest.values()) {
    const z = cleanWeeklyToLog(item.input.weekly);
    series.push(z);
    from.push(Math.max(0, z.length - 1 - (item.saturday - firstSaturday) / 7));
  }
  return fitPooledAr(series, from, Math.log1p(AR_MIN_WEEKLY)).map((a) => Math.round(a * 1000) / 1000);
}

/** Weeks below this count are too noisy on the log scale to teach the AR anything. */
const AR_MIN_WEEKLY = 20;

const LAYOUT = intervalLayout(QUANTILE_LEVELS);

/** WIS per horizon of one forecast (NaN where the truth is unknown or the model could not forecast). */
function wisPerHorizon(f: Float64Array | null, item: ForecastItem, horizons: number): number[] {
  const w: number[] = [];
  for (let h = 0; h < horizons; h++) {
    const y = item.truth[h];
    w.push(f === null || Number.isNaN(y) ? Number.NaN : weightedIntervalScore(LAYOUT, f, y, h * QUANTILE_COUNT));
  }
  return w;
}

function scoreCandidate(model: ForecastModel, items: ForecastItem[], baseWis: number[][], block: Int32Array, horizons: number): Score {
  const blocks = Math.max(...block) + 1;
  const sumModel = new Float64Array(blocks * horizons);
  const sumBase = new Float64Array(blocks * horizons);
  items.forEach((item, i) => {
    const w = wisPerHorizon(runModel(model, item.input, horizons), item, horizons);
    for (let h = 0; h < horizons; h++) {
      if (Number.isNaN(w[h]) || Number.isNaN(baseWis[i][h])) continue;
      sumModel[block[i] * horizons + h] += w[h];
      sumBase[block[i] * horizons + h] += baseWis[i][h];
    }
  });
  const rel: number[] = [];
  const worst: number[] = [];
  for (let h = 0; h < horizons; h++) {
    let m = 0;
    let b = 0;
    let max = Number.NaN;
    for (let k = 0; k < blocks; k++) {
      m += sumModel[k * horizons + h];
      b += sumBase[k * horizons + h];
      const r = sumModel[k * horizons + h] / sumBase[k * horizons + h];
      if (sumBase[k * horizons + h] > 0 && !(r <= max)) max = r;
    }
    rel.push(b > 0 ? m / b : Number.NaN);
    worst.push(max);
  }
  const known = worst.filter((r) => !Number.isNaN(r));
  return { rel, worst, mean: known.length === 0 ? Number.POSITIVE_INFINITY : known.reduce((a, b) => a + b, 0) / known.length };
}
