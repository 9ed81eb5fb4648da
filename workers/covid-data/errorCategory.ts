// The category a client sees for a failed ingest job (mesh/jobs/jobErrors.ts). Errors are told
// apart by class name, as isPermanentSourceError does: they may come from another copy of the
// pipelines module, or be named only in a dead letter's reason text.
import type { JobErrorCategory } from "../../jobs/mod.ts";

const BY_NAME: Readonly<Record<string, JobErrorCategory>> = {
  SourceNotAllowedError: "not_allowed",
  SourceSpecError: "not_allowed",
  SourceTimeoutError: "source_timeout",
  SourceNotFoundError: "source_not_found",
  SourceFetchError: "source_unreachable",
  UnknownSourceError: "unknown_source",
  SourceTooLargeError: "too_large",
  DecompressionLimitError: "too_large",
  QuarantineLimitError: "bad_format",
  SourceDecodeError: "bad_format",
  BadHeaderError: "bad_format",
  CsvFormatError: "bad_format",
  CsvReadError: "bad_format",
  MissingColumnError: "bad_format",
  BadDateHeaderError: "bad_format",
  EmptySourceError: "bad_format",
  NotCsvSourceError: "bad_format",
};

export function errorCategory(err: unknown): JobErrorCategory {
  const name = err instanceof Error ? err.name : "";
  return BY_NAME[name] ?? "internal";
}

/** The category of a failure known only by its text (a dead letter's reason). */
export function reasonCategory(reason: string): JobErrorCategory {
  for (const [name, category] of Object.entries(BY_NAME)) if (reason.includes(name)) return category;
  return "internal";
}
