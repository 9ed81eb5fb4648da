// The codes a service answers a request with when it says "no". The gateway (gateway/errors.ts)
// maps each code to an HTTP status; a worker only says what went wrong, never how HTTP puts it.

/** Every error code, with what it means. */
export const ERROR_CODES = {
  bad_request: "the request message could not be decoded",
  bad_range: "`from` is not before `to`",
  unknown_region: "no region has that id",
  no_region: "no region with data contains or is near the point",
  no_data: "no loaded dataset has data for the region",
  no_data_for_date: "no region around the point has data for the date",
  no_data_in_range: "the region has no data in the requested range",
  insufficient_history: "the region has too little history to forecast",
  no_hosp_forecast: "the region has no hospital-admission forecast",
  not_loaded: "no observations are loaded yet",
  weekly_unavailable: "the weekly indicators could not be loaded",
  no_regions: "the region registry is empty",
  busy: "the worker instance is handling as many requests as it may",
  storage_unavailable: "the database cannot be reached",
  internal: "an unexpected failure; its details stay in the worker's log",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/**
 * A "no" meant for the client: its code is one of ERROR_CODES and its message is written for
 * the client. Any other error is a bug or an outage whose text stays in the worker's log.
 */
export class ServiceError extends Error {
  override name = "ServiceError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The ServiceError `err` is or was caused by (its `cause` chain), if any. */
export function findServiceError(err: unknown): ServiceError | undefined {
  let current = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof ServiceError) return current;
    current = current.cause;
  }
  return undefined;
}
