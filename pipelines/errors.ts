// Named errors of the pipelines package. Row-level problems are never thrown: they become
// quarantine rows. These classes are for failures of a whole source or of a caller's input.

export class PipelineError extends Error {
  override name = "PipelineError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The local file does not exist, or the URL answered 404/410. */
export class SourceNotFoundError extends PipelineError {
  override name = "SourceNotFoundError";
  constructor(
    readonly location: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`source not found: ${location}${status === undefined ? "" : ` (HTTP ${status})`}`, options);
  }
}

/** The source could not be read: network failure, non-2xx HTTP answer, unreadable file. */
export class SourceFetchError extends PipelineError {
  override name = "SourceFetchError";
  constructor(
    readonly location: string,
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read ${location}: ${message}`, options);
  }
}

/** The bytes are not what they claim: a corrupt or cut gzip stream. */
export class SourceDecodeError extends PipelineError {
  override name = "SourceDecodeError";
  constructor(
    readonly location: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot decode ${location}: ${message}`, options);
  }
}

/** openSource was called with neither or both of file and url, or with an unsupported URL. */
export class SourceSpecError extends PipelineError {
  override name = "SourceSpecError";
}

/** The CSV reader hit an error it cannot attribute to a single row. */
export class CsvReadError extends PipelineError {
  override name = "CsvReadError";
}

/** The file has no header line at all. */
export class EmptySourceError extends PipelineError {
  override name = "EmptySourceError";
  constructor(readonly source: string) {
    super(`${source}: the file is empty (no header line)`);
  }
}

/** A column the adapter needs is missing from the header: the whole file is unusable. */
export class MissingColumnError extends PipelineError {
  override name = "MissingColumnError";
  constructor(
    readonly source: string,
    readonly columns: string[],
  ) {
    super(`${source}: header lacks required column(s) ${columns.map((c) => `"${c}"`).join(", ")}`);
  }
}

/** A header column that should be a date (M/D/YY) is not one, or dates repeat / go backwards. */
export class BadDateHeaderError extends PipelineError {
  override name = "BadDateHeaderError";
  constructor(
    readonly source: string,
    readonly column: number,
    readonly header: string,
    reason: string,
  ) {
    super(`${source}: header column ${column + 1} ("${header}") ${reason}`);
  }
}

/** An Arrow observation table lacks a column or metadata key, or has a wrong type. */
export class ObservationTableError extends PipelineError {
  override name = "ObservationTableError";
}

/** No adapter is registered under the requested source id. */
export class UnknownSourceError extends PipelineError {
  override name = "UnknownSourceError";
  constructor(
    readonly sourceId: string,
    readonly known: string[],
  ) {
    super(`unknown source "${sourceId}"; known sources: ${known.join(", ")}`);
  }
}

/** A caller passed an option outside its allowed range (e.g. batchValues < 1). */
export class PipelineOptionError extends PipelineError {
  override name = "PipelineOptionError";
}

/** A CSV-only caller asked for a source that is read as parquet. */
export class NotCsvSourceError extends PipelineError {
  override name = "NotCsvSourceError";
  constructor(readonly sourceId: string) {
    super(`source "${sourceId}" is read as parquet, not as CSV rows`);
  }
}

/**
 * A source is larger than a job may read: a parquet file past the bytes it may hold in memory
 * (it is read whole), or a plain (not gzipped) source past the bytes one source may stream.
 */
export class SourceTooLargeError extends PipelineError {
  override name = "SourceTooLargeError";
  constructor(
    readonly location: string,
    readonly limitBytes: number,
    what = "the most a parquet source may hold in memory",
  ) {
    super(`${location} is larger than ${limitBytes} bytes, ${what}`);
  }
}
