// Types of the evaluation sub-package.

/** Central prediction intervals derived from a set of quantile levels. */
export interface IntervalLayout {
  /** α of each interval: the interval is [q(α/2), q(1 − α/2)]. */
  alphas: Float64Array;
  /** Index of q(α/2) and of q(1 − α/2) in the quantile array, per interval. */
  lowerIndex: Int32Array;
  upperIndex: Int32Array;
  medianIndex: number;
}

/** Summary scores of one model on one set of targets. */
export interface ScoreSummary {
  /** Mean WIS. */
  wis: number;
  /** Mean absolute error of the median. */
  mae: number;
  /** Share of truths inside the central 50% interval [q0.25, q0.75]. */
  coverage50: number;
  /** Share of truths inside the central 95% interval [q0.025, q0.975]. */
  coverage95: number;
  n: number;
}
