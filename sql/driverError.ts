// Turns whatever a driver threw into a named StorageError, or StorageUnavailableError when the
// database is not reachable right now (retry the same work once it is back) rather than the
// work being at fault (retry, then dead-letter).
import { DuplicateKeyInBatchError, StorageError, StorageQueryError, StorageUnavailableError } from "./errors.ts";

// SQLSTATE 21000: ON CONFLICT DO UPDATE met the same key twice in one statement.
const CARDINALITY_VIOLATION = "21000";

/** Socket-level codes (Node) and postgres.js connection codes. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EPIPE",
  "EAI_AGAIN", // DNS of a stopped compose service
  "ENOTFOUND",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * SQLSTATEs of a server that is going away or not accepting work yet: class 08 (connection
 * exception), admin/crash shutdown, "cannot connect now" (recovery after a crash), too many
 * connections, and a read-only transaction (a standby, e.g. during a manual promotion).
 */
function isOutageSqlState(code: string): boolean {
  return code.startsWith("08") || ["57P01", "57P02", "57P03", "53300", "25006"].includes(code);
}

interface CodedError {
  code: string;
  message: string;
}

const codeOf = (err: Error): string | undefined => {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
};

/** Does `err` (or an error it wraps) say that the database cannot be reached? */
function isOutage(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof StorageUnavailableError) return true;
    const code = codeOf(current);
    if (code !== undefined && (CONNECTION_CODES.has(code) || (SQLSTATE.test(code) && isOutageSqlState(code)))) return true;
    // Node's connect to several addresses fails with an AggregateError of socket errors.
    if (current instanceof AggregateError && current.errors.some(isOutage)) return true;
    current = current.cause;
  }
  return false;
}

/**
 * Finds the innermost error carrying a SQLSTATE. Drizzle wraps driver errors in
 * DrizzleQueryError whose message embeds every parameter (50k-element arrays), so we
 * report and keep the driver's own, short error instead.
 */
function findCoded(err: unknown): CodedError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = codeOf(current);
    if (code !== undefined && SQLSTATE.test(code)) return current as unknown as CodedError;
    current = current.cause;
  }
  return undefined;
}

/** The root cause: a connection error under DrizzleQueryError, for instance. */
function innermost(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) {
    current = current.cause;
  }
  return current;
}

export function toStorageError(operation: string, err: unknown): StorageError | StorageUnavailableError {
  if (err instanceof StorageError || err instanceof StorageUnavailableError) return err;
  if (isOutage(err)) return new StorageUnavailableError(operation, { cause: err });
  const coded = findCoded(err);
  if (coded?.code === CARDINALITY_VIOLATION) {
    return new DuplicateKeyInBatchError(`${operation}: the batch contains the same key more than once`, {
      cause: coded,
    });
  }
  if (coded) {
    return new StorageQueryError(`${operation} failed: ${coded.message} (SQLSTATE ${coded.code})`, coded.code, {
      cause: coded,
    });
  }
  const inner = innermost(err);
  const message = inner instanceof Error ? inner.message.split("\n")[0].slice(0, 300) : String(inner);
  return new StorageQueryError(`${operation} failed: ${message}`, undefined, { cause: inner });
}

/** Runs `fn`, converting any failure into a StorageError named after `operation`. */
export async function guard<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toStorageError(operation, err);
  }
}
