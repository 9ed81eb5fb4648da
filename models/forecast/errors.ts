// Named errors of the forecast sub-package.
import { ModelError, ModelInputError } from "../errors.ts";

/** The series is too short (or has no usable values) for the model to forecast from. */
export class InsufficientHistoryError extends ModelInputError {
  override name = "InsufficientHistoryError";
}

/** A forecast or backtest argument is malformed (bad horizon, wrong array length, unknown model…). */
export class ForecastInputError extends ModelInputError {
  override name = "ForecastInputError";
}

/** A model produced something that is not a valid quantile forecast (NaN, decreasing quantiles). */
export class InvalidForecastError extends ModelError {
  override name = "InvalidForecastError";
}
