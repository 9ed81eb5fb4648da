// The bounds of one ingest job, from the environment (parsed once, where a worker starts).
// Defaults are far above what the public sources need (docs/limits.md gives the figures) and
// far below what would take a worker down.
import { z } from "zod";
import { DEFAULT_MAX_RECORD_CHARS } from "./csvRows.ts";
import { DEFAULT_DECOMPRESSION_LIMITS, type DecompressionLimits } from "./gunzipLimits.ts";
import { PipelineError } from "./errors.ts";
import { DEFAULT_MAX_PLAIN_BYTES } from "./plainLimit.ts";

/** Quarantined rows one job may produce before it fails: past it the file is not what its adapter reads. */
export const DEFAULT_MAX_QUARANTINE_ROWS = 100_000;

export interface IngestLimits {
  /** Characters of one CSV record (csvRows maxRecordChars). */
  maxRecordChars: number;
  decompression: DecompressionLimits;
  /** Bytes of a plain (not gzipped) source (plainLimit.ts). */
  maxPlainBytes: number;
  maxQuarantineRows: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxRecordChars: DEFAULT_MAX_RECORD_CHARS,
  decompression: DEFAULT_DECOMPRESSION_LIMITS,
  maxPlainBytes: DEFAULT_MAX_PLAIN_BYTES,
  maxQuarantineRows: DEFAULT_MAX_QUARANTINE_ROWS,
};

const count = (fallback: number) => z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).default(fallback));

const limitsEnv = z.object({
  INGEST_MAX_RECORD_CHARS: count(DEFAULT_MAX_RECORD_CHARS),
  INGEST_MAX_DECOMPRESSED_BYTES: count(DEFAULT_DECOMPRESSION_LIMITS.maxBytes),
  INGEST_MAX_GZIP_RATIO: count(DEFAULT_DECOMPRESSION_LIMITS.maxRatio),
  INGEST_MAX_PLAIN_BYTES: count(DEFAULT_MAX_PLAIN_BYTES),
  INGEST_MAX_QUARANTINE_ROWS: count(DEFAULT_MAX_QUARANTINE_ROWS),
});

export class IngestLimitsConfigError extends PipelineError {
  override name = "IngestLimitsConfigError";
}

/** The ingest limits of an environment record; unset or empty variables take the defaults. */
export function ingestLimitsFromEnv(env: Record<string, string | undefined>): IngestLimits {
  const parsed = limitsEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new IngestLimitsConfigError(`invalid ingest limits: ${lines}`, { cause: parsed.error });
  }
  const e = parsed.data;
  return {
    maxRecordChars: e.INGEST_MAX_RECORD_CHARS,
    decompression: { ...DEFAULT_DECOMPRESSION_LIMITS, maxBytes: e.INGEST_MAX_DECOMPRESSED_BYTES, maxRatio: e.INGEST_MAX_GZIP_RATIO },
    maxPlainBytes: e.INGEST_MAX_PLAIN_BYTES,
    maxQuarantineRows: e.INGEST_MAX_QUARANTINE_ROWS,
  };
}

/** A job quarantined more rows than its cap: it fails, with the count. Permanent. */
export class QuarantineLimitError extends PipelineError {
  override name = "QuarantineLimitError";
  constructor(
    readonly source: string,
    readonly quarantined: number,
    readonly limit: number,
  ) {
    super(`${source}: ${quarantined} rows quarantined, more than the ${limit} one job may quarantine; the file is not what the adapter reads`);
  }
}
