// Named errors of the sql package. Every driver failure surfaces as a StorageError subclass, or
// as StorageUnavailableError when the database cannot be reached.
import { ServiceError } from "../domain/mod.ts";

export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** DATABASE_URL / PGLITE_DIR did not parse. */
export class StorageConfigError extends StorageError {}

/** Running the migrations (or taking their advisory lock) failed. */
export class MigrationError extends StorageError {}

/**
 * The database cannot be reached right now (refused, reset, shutting down, a read-only standby):
 * retry the same work once it is back. A ServiceError, so a client hears `storage_unavailable`
 * and nothing more; the driver's error is the cause, `operation` names what failed.
 */
export class StorageUnavailableError extends ServiceError {
  override name = "StorageUnavailableError";
  constructor(
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    super("storage_unavailable", "the database cannot be reached; try again shortly", options);
  }
}

/** A query failed for a reason other than bad input; `code` is the SQLSTATE when known. */
export class StorageQueryError extends StorageError {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A data message is malformed: wrong column types or lengths, non-finite values, bad ids. */
export class InvalidBatchError extends StorageError {}

/** The same key appears twice in one batch (Postgres cannot upsert one row twice per statement). */
export class DuplicateKeyInBatchError extends InvalidBatchError {}

/** A region record is malformed. */
export class InvalidRegionError extends InvalidBatchError {}

/** A job manifest is malformed. */
export class InvalidManifestError extends StorageError {}

/** The storage was used after close(). */
export class StorageClosedError extends StorageError {}

/** A risk-model result (snapshot row, forecast set, cluster run) is malformed. */
export class InvalidRiskResultError extends InvalidBatchError {}
