// COVIDhub-baseline (reichlab/covidModels, quantile_baseline.R, as run by the Forecast Hub):
// the median at every horizon is the last observed weekly incidence; the spread comes from
// all past first differences of weekly incidence and their negatives (a symmetric set D).
//   h = 1: quantiles of last + D, truncated at 0. The R code evaluates them on a grid of
//          num_samples type-7 quantiles of D; we take the exact type-7 quantile of D, which
//          is what that grid converges to.
//   h > 1: num_samples paths; each step adds a fresh random permutation of the grid of
//          quantiles of D; the path values are re-centred so their median equals `last`,
//          truncated at 0, and summarised by type-7 quantiles.
// (The Hub's description says the *mean* is kept at the last value; its code keeps the
// median, which we follow.)
import { mulberry32, shuffleInPlace } from "../stats/random.ts";
import { medianSorted, quantileSorted } from "../stats/quantile.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "./quantileLevels.ts";
import { ForecastInputError, InsufficientHistoryError } from "./errors.ts";
import type { BaselineOptions, ForecastModel } from "./types.ts";

export const BASELINE_MODEL_NAME = "COVIDhub-baseline";
const DEFAULT_SAMPLES = 10_000;
const DEFAULT_SEED = 20_200_401;

/** The symmetric difference set D, sorted: every non-NaN first difference and its negative. */
export function symmetricDifferences(weekly: Float64Array): Float64Array {
  const diffs: number[] = [];
  for (let i = 1; i < weekly.length; i++) {
    const d = weekly[i] - weekly[i - 1];
    if (!Number.isNaN(d)) diffs.push(d, -d);
  }
  return Float64Array.from(diffs).sort();
}

/** horizons × 23 quantiles of COVIDhub-baseline for a weekly incidence series (oldest first). */
export function baselineForecast(weekly: Float64Array, horizons = 4, opts: BaselineOptions = {}): Float64Array {
  if (!Number.isInteger(horizons) || horizons < 1) throw new ForecastInputError(`horizons must be a positive integer, got ${horizons}`);
  const samples = opts.samples ?? DEFAULT_SAMPLES;
  if (!Number.isInteger(samples) || samples < 2) throw new ForecastInputError(`samples must be an integer ≥ 2, got ${samples}`);
  const last = weekly.length > 0 ? weekly[weekly.length - 1] : Number.NaN;
  if (Number.isNaN(last)) throw new InsufficientHistoryError("baseline needs a known last weekly value");
  const d = symmetricDifferences(weekly);
  if (d.length === 0) throw new InsufficientHistoryError("baseline needs at least two consecutive known weeks");

  const out = new Float64Array(horizons * QUANTILE_COUNT);
  for (let q = 0; q < QUANTILE_COUNT; q++) out[q] = Math.max(0, last + quantileSorted(d, QUANTILE_LEVELS[q]));
  if (horizons === 1) return out;

  // Grid of type-7 quantiles of D at seq(0, 1, length = samples), as in the R reference.
  const step = new Float64Array(samples);
  for (let i = 0; i < samples; i++) step[i] = quantileSorted(d, i / (samples - 1));
  const random = mulberry32(opts.seed ?? DEFAULT_SEED);
  const raw = new Float64Array(samples);
  for (let i = 0; i < samples; i++) raw[i] = last + step[i];
  const sorted = new Float64Array(samples);
  for (let h = 2; h <= horizons; h++) {
    shuffleInPlace(step, random);
    for (let i = 0; i < samples; i++) raw[i] += step[i];
    sorted.set(raw);
    sorted.sort();
    // Shifting and truncating at 0 are monotone, so the quantiles of the corrected paths are
    // the corrected quantiles of the raw paths (up to interpolating between two adjacent
    // samples that straddle 0): one sort per horizon.
    const shift = medianSorted(sorted) - last;
    for (let q = 0; q < QUANTILE_COUNT; q++) {
      out[(h - 1) * QUANTILE_COUNT + q] = Math.max(0, quantileSorted(sorted, QUANTILE_LEVELS[q]) - shift);
    }
  }
  return out;
}

/** The baseline as a backtest model. */
export function baselineModel(opts: BaselineOptions = {}): ForecastModel {
  return { name: BASELINE_MODEL_NAME, forecast: (input, horizons) => baselineForecast(input.weekly, horizons, opts) };
}
