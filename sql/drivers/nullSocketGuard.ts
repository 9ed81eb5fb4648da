// Contains one known crash of postgres.js (3.4.x, on Bun and Node alike): `nextWrite` runs from a
// `setImmediate` (or the socket's `data` handler) after the connection's `closed()` has set its
// socket to null, and throws `TypeError: null is not an object (evaluating 'socket.write')` /
// `Cannot read properties of null (reading 'write')` (porsager/postgres#1066, #1154, #1208; fixes
// #1168, #1209 unreleased). Thrown from a timer callback, no caller can catch it, and it ends the
// process: a restart of the Postgres server took down every service connected to it. The
// connection is already closed when it happens (its queries were rejected with CONNECTION_CLOSED
// or are retried on a new connection by the pool), so dropping the write is safe. Only that error
// is swallowed, with a log line; any other uncaught error still ends the process as before.

/** The postgres.js frame of the known crash. */
const DRIVER_FRAME = /node_modules[\\/]postgres[\\/]src[\\/]connection\.js/;
const NULL_SOCKET_WRITE = /socket\.write|reading 'write'/;

export function isPostgresJsNullSocketCrash(err: unknown): boolean {
  if (!(err instanceof TypeError)) return false;
  const stack = err.stack ?? "";
  return NULL_SOCKET_WRITE.test(err.message) && DRIVER_FRAME.test(stack) && /nextWrite/.test(stack);
}

export type ContainedCrashReporter = (err: TypeError) => void;

let reporters: ContainedCrashReporter[] | null = null;

/**
 * Installs the process-wide guard once; `report` (a log line) is told of each contained crash.
 * For service processes (`covid-mesh serve`), not libraries or tests: an `uncaughtException`
 * listener changes how the whole process ends. Returns a function that removes this reporter.
 */
export function containPostgresJsNullSocketCrash(report: ContainedCrashReporter): () => void {
  if (!reporters) {
    reporters = [];
    const all = reporters;
    process.on("uncaughtException", (err) => {
      if (isPostgresJsNullSocketCrash(err)) {
        for (const r of all) r(err as TypeError);
        return;
      }
      // With a listener installed the runtime no longer ends the process itself: do what it would.
      console.error(err);
      process.exit(1);
    });
  }
  reporters.push(report);
  return () => {
    const i = reporters?.indexOf(report) ?? -1;
    if (i >= 0) reporters!.splice(i, 1);
  };
}
