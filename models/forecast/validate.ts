// Guards on what a model returns: a backtest must fail loudly on a broken forecast rather
// than score garbage.
import { QUANTILE_COUNT } from "./quantileLevels.ts";
import { InvalidForecastError } from "./errors.ts";

/** Throws InvalidForecastError unless `values` is horizons × 23 finite, ≥ 0, non-decreasing quantiles. */
export function assertValidQuantiles(values: Float64Array, horizons: number, model: string): void {
  if (values.length !== horizons * QUANTILE_COUNT) {
    throw new InvalidForecastError(`${model}: expected ${horizons * QUANTILE_COUNT} quantile values, got ${values.length}`);
  }
  for (let h = 0; h < horizons; h++) {
    for (let q = 0; q < QUANTILE_COUNT; q++) {
      const v = values[h * QUANTILE_COUNT + q];
      if (!Number.isFinite(v) || v < 0) {
        throw new InvalidForecastError(`${model}: horizon ${h + 1} quantile #${q} is ${v} (must be finite and ≥ 0)`);
      }
      if (q > 0 && v < values[h * QUANTILE_COUNT + q - 1] - 1e-9 * Math.max(1, Math.abs(v))) {
        throw new InvalidForecastError(`${model}: horizon ${h + 1} quantiles decrease at #${q}`);
      }
    }
  }
}
