// Turns whatever a driver threw into a named StorageError.
import { DuplicateKeyInBatchError, StorageError, StorageQueryError } from "./errors.ts";

// SQLSTATE 21000: ON CONFLICT DO UPDATE met the same key twice in one statement.
const CARDINALITY_VIOLATION = "21000";

interface CodedError {
  code: string;
  message: string;
}

/**
 * Finds the innermost error carrying a SQLSTATE. Drizzle wraps driver errors in
 * DrizzleQueryError whose message embeds every parameter (50k-element arrays), so we
 * report and keep the driver's own, short error instead.
 */
function findCoded(err: unknown): CodedError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return current as unknown as CodedError;
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

export function toStorageError(operation: string, err: unknown): StorageError {
  if (err instanceof StorageError) return err;
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
