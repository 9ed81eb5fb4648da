// Named errors of the multi-host test harness.

export class HarnessError extends Error {
  override name = "HarnessError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Something the harness waited for (a port, a health check, a replica) did not happen in time. */
export class HarnessTimeoutError extends HarnessError {
  override name = "HarnessTimeoutError";
}

/** A command the harness ran (initdb, pg_basebackup, a setup script) failed; its output is in the message. */
export class CommandFailedError extends HarnessError {
  override name = "CommandFailedError";
}

/** A managed process exited while the harness needed it running. */
export class ProcessExitedError extends HarnessError {
  override name = "ProcessExitedError";
}
