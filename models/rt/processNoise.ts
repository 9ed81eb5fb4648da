// The random-walk step of the filter: prior_t = posterior_{t−1} convolved with a Gaussian
// of standard deviation σ. Like CAN's process matrix, the kernel of each source cell is cut
// symmetrically where it would leave the grid (and renormalised), so the step never moves
// the mean: an asymmetric cut at R = 0 or R = 10 would push the estimate towards the middle.
//
// Cost: a narrow kernel (large counts) is applied exactly, source by source, skipping cells
// with negligible mass. A wide one (σ is widened up to 30× for small counts, i.e. ±70 grid
// cells) would cost O(grid × width) per day; it is replaced by three successive box spreads
// whose variances add up to σ² (central limit: three boxes are within a few per cent of a
// Gaussian). Each box spread is also cut symmetrically per source, so the mean is still
// preserved exactly, and each costs O(grid) through a difference array.

const NEGLIGIBLE = 1e-14;
/** Kernels wider than this (in cells, each side) use the three-box approximation. */
const EXACT_MAX_HALF_WIDTH = 8;

export interface NoiseWorkspace {
  kernel: Float64Array;
  /** norm[m] = 1 / (k_0 + 2 Σ_{d=1..m} k_d): normaliser of a kernel cut to half-width m. */
  norm: Float64Array;
  diff: Float64Array;
  tmp: Float64Array;
}

export function createNoiseWorkspace(gridSize: number): NoiseWorkspace {
  return {
    kernel: new Float64Array(gridSize),
    norm: new Float64Array(gridSize),
    diff: new Float64Array(gridSize + 1),
    tmp: new Float64Array(gridSize),
  };
}

/** out = posterior blurred by N(0, σ²) on a grid of spacing `step`. */
export function applyProcessNoise(posterior: Float64Array, sigma: number, step: number, ws: NoiseWorkspace, out: Float64Array): void {
  const n = posterior.length;
  const half = Math.min(n - 1, Math.ceil((4 * sigma) / step));
  if (half <= EXACT_MAX_HALF_WIDTH) exactGaussian(posterior, sigma, step, half, ws, out);
  else threeBoxes(posterior, sigma / step, ws, out);
}

function exactGaussian(posterior: Float64Array, sigma: number, step: number, half: number, ws: NoiseWorkspace, out: Float64Array): void {
  const n = posterior.length;
  const { kernel, norm } = ws;
  let z = 0;
  for (let d = 0; d <= half; d++) {
    kernel[d] = Math.exp(-((d * step) ** 2) / (2 * sigma * sigma));
    z += d === 0 ? kernel[0] : 2 * kernel[d];
    norm[d] = 1 / z;
  }
  out.fill(0);
  for (let j = 0; j < n; j++) {
    const p = posterior[j];
    if (p < NEGLIGIBLE) continue;
    const m = Math.min(half, j, n - 1 - j);
    const scale = p * norm[m];
    out[j] += scale * kernel[0];
    for (let d = 1; d <= m; d++) {
      const v = scale * kernel[d];
      out[j - d] += v;
      out[j + d] += v;
    }
  }
}

/**
 * Three box spreads with half-widths a or a + 1 cells, chosen so that the summed variance
 * Σ a_k(a_k + 1)/3 is closest to σ² (in cells²).
 */
function threeBoxes(posterior: Float64Array, sigmaCells: number, ws: NoiseWorkspace, out: Float64Array): void {
  const target = sigmaCells * sigmaCells;
  const a = Math.max(1, Math.floor((-1 + Math.sqrt(1 + 4 * target)) / 2));
  let wider = 0;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let c = 0; c <= 3; c++) {
    const v = ((3 - c) * a * (a + 1) + c * (a + 1) * (a + 2)) / 3;
    if (Math.abs(v - target) < bestErr) {
      bestErr = Math.abs(v - target);
      wider = c;
    }
  }
  boxSpread(posterior, wider > 0 ? a + 1 : a, ws.diff, out);
  boxSpread(out, wider > 1 ? a + 1 : a, ws.diff, ws.tmp);
  boxSpread(ws.tmp, wider > 2 ? a + 1 : a, ws.diff, out);
}

/** Each source's mass spread uniformly over [j − m, j + m], m = min(a, j, n − 1 − j). */
function boxSpread(src: Float64Array, a: number, diff: Float64Array, dst: Float64Array): void {
  const n = src.length;
  diff.fill(0);
  for (let j = 0; j < n; j++) {
    const p = src[j];
    if (p < NEGLIGIBLE) continue;
    const m = Math.min(a, j, n - 1 - j);
    const v = p / (2 * m + 1);
    diff[j - m] += v;
    diff[j + m + 1] -= v;
  }
  let run = 0;
  for (let i = 0; i < n; i++) {
    run += diff[i];
    dst[i] = run > 0 ? run : 0; // cancellation can leave −1e−17 where the true value is 0
  }
}
