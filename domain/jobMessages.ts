// Message kinds of jobs and pushed case reports: the job record kept in NATS KV and
// the report batches a health authority pushes. Kept apart from messages.ts so that file
// stays a short index.
import { z } from "zod";
import { jobId, sourceId } from "./ids.ts";

const count = z.number().int().nonnegative();

export const jobStateSchema = z.enum(["queued", "running", "done", "failed"]);
export type JobState = z.infer<typeof jobStateSchema>;

/** Who asked for the job. */
export const jobOriginSchema = z.enum(["api", "cli", "schedule", "poll", "reports", "other"]);
export type JobOrigin = z.infer<typeof jobOriginSchema>;

export const jobProgressSchema = z.object({
  /** Source bytes read so far (compressed bytes for a gzip file). */
  bytesRead: count,
  /** Size of the source when known (local files), else null. */
  bytesTotal: count.nullable(),
  /** Source rows read so far. */
  rowsRead: count,
  /** Data messages published so far. */
  batches: count,
  /** Data messages stored so far. */
  batchesDone: count,
  /** Known once the source is fully read (the manifest). */
  batchesExpected: count.nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobCountsSchema = z.object({
  accepted: count,
  rejected: count,
  unchanged: count,
  revised: count,
  regions: count,
  /** Source rows deliberately not stored (aggregates, unknown regions): set when the job ends. */
  skipped: count.optional(),
});
export type JobCounts = z.infer<typeof jobCountsSchema>;

/** The state of one job, as kept in the jobs KV bucket under its job id. */
export const jobRecordSchema = z.object({
  jobId: jobId,
  source: sourceId,
  state: jobStateSchema,
  origin: jobOriginSchema,
  /** The URL or file the job reads; null for pushed reports. */
  location: z.string().nullable(),
  requestedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: jobProgressSchema,
  counts: jobCountsSchema,
  error: z.string().nullable(),
  updatedAt: z.string(),
  /**
   * Who may read the job through the API: the id of the API key that created it
   * (gateway/auth/apiKeys.ts apiKeyId), null for jobs of the scheduler, pollers and the CLI.
   */
  owner: z.string().max(64).nullable().default(null),
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

/** The largest report batch accepted in one message (and one HTTP request). */
export const MAX_REPORTS_PER_BATCH = 5_000;

const cumulative = z.number().int().nonnegative();
/** New counts may be negative: publishers correct earlier over-counts that way. */
const daily = z.number().int();

export const caseReportSchema = z
  .object({
    /** JHU UID of the region (US county 840·10^5 + FIPS, US state 840·10^5 + state FIPS, country ISO numeric). */
    regionId: z.number().int().positive().optional(),
    /** US county (5 digits) or state (2 digits) FIPS code. */
    fips: z
      .string()
      .regex(/^(\d{2}|\d{5})$/, "FIPS codes are 2 (state) or 5 (county) digits")
      .optional(),
    /** ISO 3166-1 alpha-3 country code. */
    iso3: z
      .string()
      .regex(/^[A-Z]{3}$/, "ISO3 codes are three capital letters")
      .optional(),
    date: z.iso.date(),
    cumulativeCases: cumulative.optional(),
    cumulativeDeaths: cumulative.optional(),
    newCases: daily.optional(),
    newDeaths: daily.optional(),
  })
  .refine((r) => [r.regionId, r.fips, r.iso3].filter((v) => v !== undefined).length === 1, {
    message: "give exactly one of regionId, fips or iso3",
  })
  .refine((r) => [r.cumulativeCases, r.cumulativeDeaths, r.newCases, r.newDeaths].some((v) => v !== undefined), {
    message: "give at least one of cumulativeCases, cumulativeDeaths, newCases, newDeaths",
  });
export type CaseReport = z.infer<typeof caseReportSchema>;

/** What the gateway publishes for one accepted POST /v1/reports. */
export const reportBatchSchema = z.object({
  jobId: jobId,
  receivedAt: z.iso.datetime(),
  reports: z.array(caseReportSchema).min(1).max(MAX_REPORTS_PER_BATCH),
});
export type ReportBatch = z.infer<typeof reportBatchSchema>;
