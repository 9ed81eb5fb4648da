// Bettencourt & Ribeiro (PLoS ONE 3(5): e2185, 2008) recursive Bayesian Rt, as Covid Act
// Now applies it (covid-data-model, pyseir/rt/infer_rt.py):
//   k_t ~ Poisson(λ_t),  λ_t = k_{t−1} · exp((R_t − 1)/τ)   on smoothed daily cases k
//   prior_t = posterior_{t−1} ⊛ N(0, σ_t²)   (random walk of R; σ_t widened for small counts)
//   posterior_t ∝ prior_t · Poisson(k_t | λ_t)
// Smoothed counts are not integers; log P(k | λ) = k log λ − λ − log Γ(k + 1) is used as is
// (the Γ term is the same for every R and cancels), where CAN interpolates the pmf between
// ⌊k⌋ and ⌈k⌉. When no R can explain a day (λ = 0 but k > 0) the filter restarts from
// CAN's re-initialisation prior, Gamma(shape 2); the first prior is Gamma(shape 2.5).
import { applyProcessNoise, createNoiseWorkspace, type NoiseWorkspace } from "./processNoise.ts";
import { pmfMean, pmfQuantile } from "./posterior.ts";
import { gaussianWeights, smoothTrailing } from "./smoothing.ts";
import { RT_DEFAULTS, type RtOptions, type RtSeries } from "./types.ts";
import { ModelInputError } from "../errors.ts";

/** Buffers and constants reused across series (one per worker, not shared between threads). */
export interface RtWorkspace {
  opts: Required<RtOptions>;
  grid: Float64Array;
  growth: Float64Array;
  expGrowth: Float64Array;
  firstPrior: Float64Array;
  restartPrior: Float64Array;
  weights: Float64Array;
  posterior: Float64Array;
  prior: Float64Array;
  logLik: Float64Array;
  noise: NoiseWorkspace;
  smoothed: Float64Array;
}

export function createRtWorkspace(options: RtOptions = {}): RtWorkspace {
  const opts = { ...RT_DEFAULTS, ...options };
  if (!(opts.gridSize >= 3) || !(opts.rMax > 0) || !(opts.serialIntervalDays > 0) || !(opts.processSigma > 0)) {
    throw new ModelInputError(`invalid Rt options: ${JSON.stringify(options)}`);
  }
  if (!(opts.credibleMass > 0 && opts.credibleMass < 1)) throw new ModelInputError(`credibleMass must be in (0, 1), got ${opts.credibleMass}`);
  const n = opts.gridSize;
  const grid = new Float64Array(n);
  const growth = new Float64Array(n);
  const expGrowth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    grid[i] = (opts.rMax * i) / (n - 1);
    growth[i] = (grid[i] - 1) / opts.serialIntervalDays;
    expGrowth[i] = Math.exp(growth[i]);
  }
  return {
    opts,
    grid,
    growth,
    expGrowth,
    firstPrior: gammaPmf(grid, 2.5),
    restartPrior: gammaPmf(grid, 2),
    weights: gaussianWeights(opts.smoothingWindow, opts.smoothingStd),
    posterior: new Float64Array(n),
    prior: new Float64Array(n),
    logLik: new Float64Array(n),
    noise: createNoiseWorkspace(n),
    smoothed: new Float64Array(0),
  };
}

/** Rt per day of a daily new-case series (raw: negatives count as 0, NaN as unknown). */
export function estimateRt(newCases: Float64Array, options: RtOptions | RtWorkspace = {}, out?: RtSeries): RtSeries {
  const ws = "grid" in options ? options : createRtWorkspace(options);
  const n = newCases.length;
  const res = out ?? { mean: new Float64Array(n), median: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n) };
  if (res.mean.length !== n || res.median.length !== n || res.lower.length !== n || res.upper.length !== n) {
    throw new ModelInputError(`output columns must have ${n} days`);
  }
  res.mean.fill(Number.NaN);
  res.median.fill(Number.NaN);
  res.lower.fill(Number.NaN);
  res.upper.fill(Number.NaN);
  if (n === 0) return res;
  if (ws.smoothed.length < n) ws.smoothed = new Float64Array(Math.max(n, 2 * ws.smoothed.length));
  const k = smoothTrailing(newCases, ws.weights, ws.smoothed.subarray(0, n));
  const { opts, grid, posterior, prior } = ws;
  const step = grid[1] - grid[0];
  const tail = (1 - opts.credibleMass) / 2;

  posterior.set(ws.firstPrior);
  let scale = Number.isNaN(k[0]) ? 0 : k[0];
  let cumulative = positive(newCases[0]);
  for (let t = 1; t < n; t++) {
    cumulative += positive(newCases[t]);
    const kt = k[t];
    if (!Number.isNaN(kt)) scale = 0.9 * scale + 0.1 * kt;
    const sigma = opts.processSigma * Math.min(opts.maxSigmaScale, scale > 0 ? Math.max(1, Math.sqrt(opts.sigmaScaleCount / scale)) : 1);
    applyProcessNoise(posterior, sigma, step, ws.noise, prior);
    update(ws, k[t - 1], kt);
    if (t >= opts.minDays - 1 && cumulative > opts.minCumulativeCases) {
      res.mean[t] = pmfMean(posterior, grid);
      res.median[t] = pmfQuantile(posterior, grid, 0.5);
      res.lower[t] = pmfQuantile(posterior, grid, tail);
      res.upper[t] = pmfQuantile(posterior, grid, 1 - tail);
    }
  }
  return res;
}

/** posterior ← prior · likelihood(k_t | k_{t−1}), normalised; restart when nothing fits. */
function update(ws: RtWorkspace, kPrev: number, kt: number): void {
  const { prior, posterior, logLik, growth, expGrowth } = ws;
  const n = prior.length;
  if (Number.isNaN(kPrev) || Number.isNaN(kt) || (kPrev <= 0 && kt <= 0)) {
    // Nothing observed (or 0 → 0, which every R explains equally): the prior stands.
    posterior.set(prior);
    return;
  }
  if (kPrev <= 0) {
    posterior.set(ws.restartPrior);
    return;
  }
  const logPrev = Math.log(kPrev);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (prior[i] <= 0) continue;
    const ll = kt * (logPrev + growth[i]) - kPrev * expGrowth[i];
    logLik[i] = ll;
    if (ll > max) max = ll;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const rel = logLik[i] - max;
    // e^−40 ≈ 4e−18 of the peak: skipping the exp there changes nothing but the run time.
    const v = prior[i] > 0 && rel > -40 ? prior[i] * Math.exp(rel) : 0;
    posterior[i] = v;
    sum += v;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) {
    posterior.set(ws.restartPrior);
    return;
  }
  for (let i = 0; i < n; i++) posterior[i] /= sum;
}

/** Gamma(shape, scale 1) density on the grid, normalised to a pmf. */
function gammaPmf(grid: Float64Array, shape: number): Float64Array {
  const p = new Float64Array(grid.length);
  let sum = 0;
  for (let i = 0; i < grid.length; i++) {
    const r = grid[i];
    p[i] = r > 0 ? Math.exp((shape - 1) * Math.log(r) - r) : 0;
    sum += p[i];
  }
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}

function positive(v: number): number {
  return v > 0 ? v : 0;
}
