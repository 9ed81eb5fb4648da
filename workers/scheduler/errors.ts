/** Base of the scheduler's errors. */
export class SchedulerError extends Error {
  override name = "SchedulerError";
}

/** A schedule or poller definition is unusable (bad cron pattern, no url/file, bad interval). */
export class ScheduleSpecError extends SchedulerError {
  override name = "ScheduleSpecError";
}

/** A poller could not tell whether its source changed (unreachable, HTTP error, missing file). */
export class SourceCheckError extends SchedulerError {
  override name = "SourceCheckError";
  constructor(
    readonly location: string,
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`${location}: ${message}`, options);
  }
}
