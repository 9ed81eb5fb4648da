// Summaries of a posterior probability mass function over the R grid.

/** Σ p_i r_i (p sums to 1). */
export function pmfMean(p: Float64Array, grid: Float64Array): number {
  let m = 0;
  for (let i = 0; i < p.length; i++) m += p[i] * grid[i];
  return m;
}

/**
 * The q-quantile, reading the mass p_i as spread uniformly over grid cell i (width Δ centred
 * on r_i, clipped to the grid's ends): a continuous answer instead of a jump from grid point
 * to grid point.
 */
export function pmfQuantile(p: Float64Array, grid: Float64Array, q: number): number {
  const n = p.length;
  const step = grid[1] - grid[0];
  let cum = 0;
  for (let i = 0; i < n; i++) {
    const next = cum + p[i];
    if (next >= q && p[i] > 0) {
      const lo = i === 0 ? grid[0] : grid[i] - step / 2;
      const hi = i === n - 1 ? grid[n - 1] : grid[i] + step / 2;
      return lo + ((q - cum) / p[i]) * (hi - lo);
    }
    cum = next;
  }
  return grid[n - 1];
}
