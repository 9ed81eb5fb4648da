// Types and defaults of the Rt estimator.

export interface RtOptions {
  /** Serial interval τ in days in λ_t = k_{t−1}·exp((R − 1)/τ). */
  serialIntervalDays?: number;
  /** Upper end of the R grid (the grid starts at 0). */
  rMax?: number;
  /** Number of R grid points. */
  gridSize?: number;
  /** Day-to-day standard deviation of R's random walk at large counts. */
  processSigma?: number;
  /** σ is scaled by √(sigmaScaleCount / recent count) for small counts… */
  sigmaScaleCount?: number;
  /** …up to this factor. */
  maxSigmaScale?: number;
  /** Length (days) and standard deviation (days) of the Gaussian smoothing window. */
  smoothingWindow?: number;
  smoothingStd?: number;
  /** Rt is reported only from day index minDays − 1 on… */
  minDays?: number;
  /** …and once more than this many cases have been reported in total. */
  minCumulativeCases?: number;
  /** Probability mass of the central credible interval. */
  credibleMass?: number;
}

/** Posterior summaries per day (NaN where Rt is not reported). */
export interface RtSeries {
  mean: Float64Array;
  median: Float64Array;
  /** Lower and upper ends of the central credible interval (90% by default). */
  lower: Float64Array;
  upper: Float64Array;
}

// Covid Act Now's pyseir constants (pyseir/rt/constants.py): SERIAL_PERIOD = 1/σ + ½·1/δ with
// σ = 0.333 (1/incubation), δ = 0.25 (1/infectious period) → 3.003 + 2 = 5.003 days;
// DEFAULT_PROCESS_SIGMA 0.03, SCALE_SIGMA_FROM_COUNT 5000, MAX_SCALING_OF_SIGMA 30,
// COUNT_SMOOTHING_WINDOW_SIZE 19, COUNT_SMOOTHING_KERNEL_STD 5, MIN_TIMESERIES_LENGTH 20,
// minimum cumulative cases 20. CAN's grid has 501 points over 0–10; 201 (ΔR = 0.05) is
// plenty for a posterior whose narrowest width is ~0.1 and keeps 3,600 regions fast.
export const RT_DEFAULTS: Required<RtOptions> = {
  serialIntervalDays: 1 / 0.333 + 0.5 / 0.25,
  rMax: 10,
  gridSize: 201,
  processSigma: 0.03,
  sigmaScaleCount: 5000,
  maxSigmaScale: 30,
  smoothingWindow: 19,
  smoothingStd: 5,
  minDays: 20,
  minCumulativeCases: 20,
  credibleMass: 0.9,
};
