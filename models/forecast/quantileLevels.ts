// The Forecast Hub's 23 quantile levels: 0.01, 0.025, 0.05, 0.10, 0.15, …, 0.90, 0.95, 0.975, 0.99.
// Symmetric pairs (τ, 1 − τ) form 11 central prediction intervals around the median.

function hubLevels(): Float64Array {
  const levels = [0.01, 0.025];
  for (let k = 1; k <= 19; k++) levels.push(Math.round(k * 5) / 100);
  levels.push(0.975, 0.99);
  return Float64Array.from(levels);
}

export const QUANTILE_LEVELS: Float64Array = hubLevels();
export const QUANTILE_COUNT = 23;
/** Index of the 0.5 level (the median, which is also the point forecast). */
export const MEDIAN_INDEX = 11;
