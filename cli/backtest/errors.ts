// Errors of the backtest command: bad arguments, and input files that cannot be backtested.

export class BacktestError extends Error {
  override name = "BacktestError";
}

/** The command line names an unknown source, a wrong number of files, or bad dates. */
export class BacktestUsageError extends BacktestError {
  override name = "BacktestUsageError";
}

/** The files hold no region of the requested level, or nothing to score in the date range. */
export class BacktestDataError extends BacktestError {
  override name = "BacktestDataError";
}
