// Public API of the jobs package: the ingest-job lifecycle over the mesh. A job's record lives in
// NATS KV (one key per job, compare-and-set, monotonic transitions); submitters queue jobs and
// record them, workers report progress and the final summary.
export { openJobStore, type JobStore, type JobStoreOptions } from "./jobStore.ts";
export { enqueueIngestJob, type EnqueueOptions, type Enqueued } from "./enqueueIngest.ts";
export { createJobReporter, type JobReporter, type JobReporterOptions } from "./jobReporter.ts";
export {
  isTerminal,
  recordQueued,
  recordRunning,
  recordProgress,
  recordBatchCounts,
  recordFinished,
  ZERO_JOB_COUNTS,
  type FinalSummary,
  type JobIdentity,
  type JobRequestInfo,
} from "./jobRecord.ts";
export { enqueueReportBatch } from "./enqueueReports.ts";
export { jobErrorCategorySchema, JOB_ERROR_CATEGORIES, isJobErrorCategory, publicJobError, type JobErrorCategory } from "./jobErrors.ts";
