// CovidHub-baseline, the hub's flat baseline for `wk inc covid hosp`, re-implemented from its
// published algorithm (CDCgov/covid19-forecast-hub `make_baseline_forecast` → epipredict
// `cdc_baseline_forecaster`, aheads 1–4, symmetrize, nonneg, 1e5 draws):
//  - the point is the last observed value p (week R − 7);
//  - residuals are the location's one-week changes over its whole history, symmetrized (r, −r);
//  - the residual CDF is sampled at nsim evenly spaced probabilities (type-7 quantiles);
//  - ahead 1 (horizon 0): quantiles of max(0, p + sample);
//  - ahead a > 1: raw += a shuffled copy of the sample; the stored draws are raw shifted so that
//    their median is p, then truncated at 0 (raw itself keeps accumulating unshifted);
//  - horizon −1 is a point mass at p.
// Ahead 1 is deterministic and matches the hub's numbers; aheads 2–4 are Monte Carlo in the
// original (R's RNG) and here (a seeded PRNG), so they agree within simulation error only.
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "../quantileLevels.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";
import { quantileSorted7 } from "./quantile7.ts";

export const FLAT_BASELINE_NAME = "CovidHub-baseline";

export interface FlatBaselineOptions {
  nsim?: number;
  seed?: number;
}

/**
 * Quantiles (23 per ahead, ahead-major) of the flat baseline for aheads 1…maxAhead, from a
 * location's weekly values (oldest first, NaN = missing). Empty when there is no value.
 */
export function flatBaselineQuantiles(values: ArrayLike<number>, maxAhead: number, options: FlatBaselineOptions = {}): Float64Array {
  const nsim = options.nsim ?? 100_000;
  const random = seededRandom(options.seed ?? 1);
  let p = Number.NaN;
  const resid: number[] = [];
  for (let t = 0; t < values.length; t++) {
    if (!Number.isFinite(values[t])) continue;
    if (t > 0 && Number.isFinite(values[t - 1])) resid.push(values[t] - values[t - 1]);
    p = values[t];
  }
  if (!Number.isFinite(p)) return new Float64Array(0);
  const sym = Float64Array.from([...resid, ...resid.map((r) => -r)]).sort();
  // The residual CDF at nsim evenly spaced probabilities (type 7), inlined for speed.
  const samp = new Float64Array(nsim);
  const m = sym.length;
  for (let i = 0; m > 0 && i < nsim; i++) {
    const h = ((m - 1) * i) / (nsim - 1);
    const lo = Math.floor(h);
    samp[i] = lo + 1 < m ? sym[lo] + (h - lo) * (sym[lo + 1] - sym[lo]) : sym[lo];
  }
  const out = new Float64Array(maxAhead * QUANTILE_COUNT);
  // samp is ascending, so max(0, samp + p) is too: its quantiles need no sort.
  const raw = new Float64Array(nsim);
  for (let i = 0; i < nsim; i++) raw[i] = Math.max(0, samp[i] + p);
  for (let q = 0; q < QUANTILE_COUNT; q++) out[q] = quantileSorted7(raw, QUANTILE_LEVELS[q]);
  const draws = new Float64Array(nsim);
  for (let a = 2; a <= maxAhead; a++) {
    shuffleInPlace(samp, random);
    for (let i = 0; i < nsim; i++) raw[i] += samp[i];
    draws.set(raw);
    draws.sort();
    const shift = quantileSorted7(draws, 0.5) - p;
    // Shifting and truncating keep the draws sorted.
    for (let i = 0; i < nsim; i++) draws[i] = Math.max(0, draws[i] - shift);
    for (let q = 0; q < QUANTILE_COUNT; q++) out[(a - 1) * QUANTILE_COUNT + q] = quantileSorted7(draws, QUANTILE_LEVELS[q]);
  }
  return out;
}
