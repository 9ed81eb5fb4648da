// Scoring of hospital-admission forecasts on the common set: every (reference date, location,
// horizon) that all compared models forecast and whose truth is known. WIS, MAE and coverage
// come from models/evaluation; relative WIS is Cramer et al.'s pairwise measure, which on a
// common set equals the model's summed WIS / the baseline's summed WIS.
import { relativeWis, summarizeScores, wisMany } from "../../models/evaluation/mod.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "../../models/forecast/mod.ts";
import { HOSP_TARGET } from "../../models/forecast/hosp/mod.ts";
import type { JsonRow } from "./table.ts";

/** Quantiles (23) by forecastKey(reference day, location, horizon). */
export type ForecastSet = Map<string, Float64Array>;

export function forecastKey(referenceDay: number, location: string, horizon: number): string {
  return `${referenceDay}|${location}|${horizon}`;
}

export function truthKey(location: string, weekEnd: number): string {
  return `${location}|${weekEnd}`;
}

export interface NamedForecasts {
  name: string;
  forecasts: ForecastSet;
}

/** One scored row: the same shape as the case/death backtest's `--json` rows. */
export type HospScoreRow = JsonRow;

export interface CommonSetInput {
  models: NamedForecasts[];
  /** Truth by truthKey(location, week end). */
  truth: ReadonlyMap<string, number>;
  referenceDays: readonly number[];
  locations: readonly string[];
  horizons: readonly number[];
  baseline: string;
}

/** Keys of the common set at one horizon, in (reference date, location) order. */
export function commonKeys(a: CommonSetInput, horizon: number): Array<{ key: string; truth: number }> {
  const out: Array<{ key: string; truth: number }> = [];
  for (const r of a.referenceDays) {
    for (const loc of a.locations) {
      const y = a.truth.get(truthKey(loc, r + 7 * horizon));
      if (y === undefined || !Number.isFinite(y)) continue;
      const key = forecastKey(r, loc, horizon);
      if (a.models.every((m) => m.forecasts.has(key))) out.push({ key, truth: y });
    }
  }
  return out;
}

/** One row per model and horizon, models in the given order. */
export function scoreCommonSet(a: CommonSetInput): HospScoreRow[] {
  const rows: HospScoreRow[] = [];
  for (const h of a.horizons) {
    const keys = commonKeys(a, h);
    const truth = Float64Array.from(keys, (k) => k.truth);
    const wis = new Map<string, Float64Array>();
    const summaries = a.models.map((m) => {
      const values = new Float64Array(keys.length * QUANTILE_COUNT);
      keys.forEach((k, i) => values.set(m.forecasts.get(k.key)!, i * QUANTILE_COUNT));
      wis.set(m.name, wisMany(QUANTILE_LEVELS, values, truth));
      return summarizeScores(QUANTILE_LEVELS, values, truth);
    });
    const rel = keys.length === 0 ? new Map<string, number>() : relativeWis(wis, a.baseline);
    a.models.forEach((m, i) => {
      const s = summaries[i];
      rows.push({
        model: m.name,
        target: HOSP_TARGET,
        horizon: h,
        wis: s.wis,
        relativeWis: rel.get(m.name) ?? Number.NaN,
        mae: s.mae,
        coverage50: s.coverage50,
        coverage95: s.coverage95,
        n: s.n,
      });
    });
  }
  return rows;
}
