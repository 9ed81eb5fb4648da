// What a job's `error` says to clients: a category, never the underlying message. Error
// messages name hosts, ports, HTTP statuses and paths; shown to whoever reads a job they make
// the ingest API a port scanner. The detail goes to the logs, under the job id.
import { z } from "zod";

export const jobErrorCategorySchema = z.enum([
  /** Connection refused or reset, DNS failure, an HTTP error status (other than 404/410). */
  "source_unreachable",
  /** The server (or the file system) answered: nothing there (404/410, no such file). */
  "source_not_found",
  /** Connecting, the response headers or the body took longer than allowed. */
  "source_timeout",
  /** The host, address, redirect or file path is not one this deployment may read. */
  "not_allowed",
  /** The bytes are not the source's format (header, CSV structure, gzip, parquet). */
  "bad_format",
  /** The source is larger than this deployment accepts. */
  "too_large",
  /** No adapter for the job's source id. */
  "unknown_source",
  /** A batch of the job could not be stored (after every retry). */
  "storage_rejected",
  /** Anything else; see the logs under the job id. */
  "internal",
]);
export type JobErrorCategory = z.infer<typeof jobErrorCategorySchema>;

export const JOB_ERROR_CATEGORIES: readonly JobErrorCategory[] = jobErrorCategorySchema.options;

export function isJobErrorCategory(text: string | null | undefined): text is JobErrorCategory {
  return typeof text === "string" && (JOB_ERROR_CATEGORIES as readonly string[]).includes(text);
}

/**
 * The text a client may see for a job error: a category as is, anything else (a record
 * written by an older version, a free-text reason) as "internal".
 */
export function publicJobError(text: string | null | undefined): JobErrorCategory | null {
  if (text === null || text === undefined) return null;
  return isJobErrorCategory(text) ? text : "internal";
}
