// Types of the forecast sub-package. Quantile forecasts are flat Float64Arrays, horizon-major:
// value of horizon h (1-based) at level QUANTILE_LEVELS[q] is at (h − 1) · 23 + q.

export type TargetKind = "inc case" | "inc death";

/** A location's daily cumulative counts, as backtests and forecast items read them. */
export interface DailyCumulativeSeries {
  /** Cumulative counts, one per day from firstDay; NaN = unknown. */
  cum: Float64Array;
  firstDay: number;
}

/** What a model sees: weekly incidence up to the last observed Saturday (the last element). */
export interface ForecastInput {
  /** This target's weekly incidence, oldest first; NaN = unknown week. */
  weekly: Float64Array;
  target: TargetKind;
  /**
   * The other target of the same location (cases when forecasting deaths and vice versa),
   * aligned so that its last element is the same Saturday. Optional; may be shorter.
   */
  companion?: Float64Array;
}

/** A forecasting model as the backtest drives it. */
export interface ForecastModel {
  name: string;
  /** horizons × 23 quantiles, non-decreasing per horizon, ≥ 0. Throws InsufficientHistoryError when it cannot forecast. */
  forecast(input: ForecastInput, horizons: number): Float64Array;
}

export interface BaselineOptions {
  /** PRNG seed of the sample paths for horizons > 1. */
  seed?: number;
  /** Number of sample paths (the R reference draws 100 000; 10 000 keeps Monte-Carlo error far below the quantile spacing). */
  samples?: number;
}

/** One Forecast Hub CSV row. `quantile` is null for the point row. */
export interface HubRow {
  forecastDate: string;
  target: string;
  targetEndDate: string;
  location: string;
  type: "point" | "quantile";
  quantile: number | null;
  value: number;
}
