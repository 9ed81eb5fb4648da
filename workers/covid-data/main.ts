// Covid-data worker: takes ingest jobs from the work queue and turns each source file into
// numbered region, observation and quarantine batches on the mesh.
import { stat } from "node:fs/promises";
import { publish, runWorkerPool, type Mesh, type WorkerPool } from "../../mesh/mod.ts";
import { fileInsideRoot, ingestLimitsFromEnv, type IngestLimits } from "../../pipelines/mod.ts";
import { type Logger, silentLogger } from "../../mesh/mod.ts";
import { messages } from "../../domain/mod.ts";
import { PUBLISH_RETRY_MS, runIngestJob } from "./runIngestJob.ts";
import { createJobReporter, openJobStore } from "../../jobs/mod.ts";
import { SourceTimeoutError } from "../../pipelines/mod.ts";
import { errorCategory, reasonCategory } from "./errorCategory.ts";
import { fetchPolicyFor, sourceAccess, type SourceAccessConfig } from "./sourceAccess.ts";

export interface CovidDataWorkerOptions {
  mesh: Mesh;
  concurrency?: number;
  batchValues?: number;
  /** Record length, gzip and quarantine caps; default: INGEST_MAX_* from the environment. */
  limits?: IngestLimits;
  logger?: Logger;
  /** Hosts, deadlines (default: registry hosts only, public addresses only, see sourceAccess.ts). */
  access?: Partial<SourceAccessConfig>;
  /**
   * INGEST_FILE_ROOT: file jobs from the shared subject (gateway, scheduler) are read only inside
   * it, by real path. Unset: the shared subject carries URLs only. File jobs from the operator's
   * subject (the CLI; NATS permissions keep every other service off it) may name any file.
   */
  fileRoot?: string;
}

export async function startCovidDataWorker(opts: CovidDataWorkerOptions): Promise<{ stop(): Promise<void>; pool: WorkerPool; filePool: WorkerPool }> {
  const { mesh } = opts;
  const log = opts.logger ?? silentLogger;
  const c = mesh.contract;
  const limits = opts.limits ?? ingestLimitsFromEnv(process.env);
  const access = sourceAccess(opts.access);
  // The category of each job's last transient failure here: the dead letter's reason is only a
  // message, and the job should end with what kept failing (usually source_unreachable).
  const lastFailure = new Map<string, ReturnType<typeof errorCategory>>();
  // Job state in KV: this worker knows "running" and the reading progress.
  const jobs = createJobReporter(await openJobStore(mesh), { logger: log });

  // One pool per subject: the subject a job came on decides which files it may name.
  const startPool = (durable: string, filterSubject: string, files: "job" | "none" | string) =>
    runWorkerPool(mesh, {
      stream: c.streams.ingestJobs.name,
      durable,
      filterSubject,
      def: messages.ingestJob,
      // Several jobs at once: a publisher's files often arrive together (cases and deaths, 122
      // Google country files), and a job spends part of its time waiting on publish acks.
      concurrency: opts.concurrency ?? 4,
      maxDeliver: 4,
      backoffMs: [1_000, 5_000, 15_000],
      ackWaitMs: 60_000,
      logger: log,
      handler: async (m) => {
        const job = m.value;
        const correlationId = m.envelope.correlationId;
        log.info({ jobId: job.jobId, source: job.source, correlationId, delivery: m.deliveryCount }, "ingest job started");
        await publish(
          mesh,
          c.subjects.jobEvents(job.jobId),
          messages.jobEvent,
          { jobId: job.jobId, source: job.source, state: "running" },
          {
            id: `${job.jobId}-running-${m.deliveryCount}`,
            correlationId,
            retryForMs: PUBLISH_RETRY_MS,
          },
        );
        const id = { jobId: job.jobId, source: job.source };
        // Only for a file this job may read: no probing paths outside the root from the shared subject.
        const readable = !job.file || files === "none" ? null : files === "job" ? job.file : await fileInsideRoot(job.file, files).catch(() => null);
        const bytesTotal = readable ? ((await stat(readable).catch(() => null))?.size ?? null) : null;
        await jobs.running(id, { bytesTotal });
        // The handler's deadline: a server that dribbles bytes forever cannot hold the slot.
        const deadline = new AbortController();
        const timer = setTimeout(() => deadline.abort(new SourceTimeoutError(job.url ?? job.file ?? job.jobId, "deadline", access.jobDeadlineMs)), access.jobDeadlineMs);
        let p;
        try {
          lastFailure.delete(job.jobId);
          p = await runIngestJob(mesh, job, correlationId, {
            batchValues: opts.batchValues,
            limits,
            access: { fetch: fetchPolicyFor(access, job.source) },
            signal: deadline.signal,
            files,
            logger: log,
            onProgress: (progress) => {
              m.working();
              jobs.progress(id, progress);
            },
          });
        } catch (err) {
          lastFailure.set(job.jobId, errorCategory(err));
          // Bounded: an entry whose job later succeeded on another instance is never read.
          if (lastFailure.size > 1_000) lastFailure.delete(lastFailure.keys().next().value!);
          throw err;
        } finally {
          clearTimeout(timer);
        }
        jobs.progress(id, { ...p, batchesExpected: p.batches });
        log.info({ jobId: job.jobId, correlationId, ...p }, "ingest job published");
      },
      onDeadLetter: async (m: any, reason: string) => {
        // A job that kept failing will never produce a manifest: say so, so waiters stop waiting.
        const job = m?.value;
        if (!job?.jobId) return;
        // Clients see the category; the reason (hosts, statuses) stays in the log.
        const category = lastFailure.get(job.jobId) ?? reasonCategory(reason);
        lastFailure.delete(job.jobId);
        log.error({ jobId: job.jobId, source: job.source, reason, category }, "ingest job dead-lettered");
        await jobs.failed({ jobId: job.jobId, source: job.source }, category);
        await publish(
          mesh,
          c.subjects.jobEvents(job.jobId),
          messages.jobEvent,
          { jobId: job.jobId, source: job.source, state: "failed", error: category },
          {
            id: `${job.jobId}-failed`,
            retryForMs: 30_000,
          },
        );
      },
    });
  const pool = await startPool(c.consumers.ingest, c.subjects.ingestJobs, opts.fileRoot ?? "none");
  const filePool = await startPool(c.consumers.ingestFiles, c.subjects.ingestFileJobs, "job");
  return {
    pool,
    filePool,
    async stop() {
      await Promise.all([pool.stop(), filePool.stop()]);
      await jobs.close();
    },
  };
}
