// Persistence worker: stores what the source adapters publish, exactly once per (job, seq),
// announces each finished job, and answers storage health checks for the gateway.
import { type Logger, type Mesh, type MessageDef, runWorkerPool, serve, silentLogger, type WorkerPool } from "../../mesh/mod.ts";
import { createJobReporter, openJobStore } from "../../jobs/mod.ts";
import { messages } from "../../domain/mod.ts";
import { mobilityFromTable, observationsFromTable, weeklyFromTable } from "../../pipelines/mod.ts";
import { StorageUnavailableError, type Storage, type ApplyResult } from "../../sql/mod.ts";
import { parseDataSubject, type DataKind } from "./subjectKind.ts";
import { screenRegionDays, screenWeekly } from "./screenBatch.ts";
import { startJobAnnouncer } from "./jobAnnouncer.ts";
import { batchJob } from "./batchJob.ts";

export interface PersistenceWorkerOptions {
  mesh: Mesh;
  storage: Storage;
  concurrency?: number;
  logger?: Logger;
  /** Deliveries of one batch before it is dead-lettered and its job fails (default 5). */
  maxDeliver?: number;
  /** Redelivery delays (default the pool's). */
  backoffMs?: number[];
  /** Between sweeps of the job-completion outbox (default 5000). */
  outboxSweepMs?: number;
}

export interface PersistenceWorker {
  stop(): Promise<void>;
  pool: WorkerPool;
}

const DEFS: Record<DataKind, MessageDef<any>> = {
  regions: messages.regionBatch,
  observations: messages.observationBatch,
  quarantine: messages.quarantineBatch,
  manifests: messages.manifest,
  mobility: messages.mobilityBatch,
  weekly: messages.weeklyBatch,
};

export async function startPersistenceWorker(opts: PersistenceWorkerOptions): Promise<PersistenceWorker> {
  const { mesh, storage } = opts;
  const log = opts.logger ?? silentLogger;
  const contract = mesh.contract;
  // Job state in KV: this pool knows the counts of stored batches and the end.
  const jobs = createJobReporter(await openJobStore(mesh), { logger: log });

  const health = serve(mesh, contract.subjects.storageHealth, {
    queue: contract.queues.persistence,
    request: messages.storageHealthQuery,
    response: messages.storageHealth,
    handler: async () => {
      const t0 = performance.now();
      await storage.ping();
      return { ok: true, driver: storage.driver, ms: performance.now() - t0 };
    },
  });

  // Conditional fetches: the covid-data worker asks for a URL's validators before fetching it.
  const validators = serve(mesh, contract.subjects.sourceValidators, {
    queue: contract.queues.persistence,
    request: messages.sourceValidatorsQuery,
    response: messages.sourceValidators,
    handler: async ({ url }) => (await storage.getSourceValidators(url)) ?? { etag: null, lastModified: null },
  });

  const announcer = startJobAnnouncer(mesh, storage, jobs, { sweepMs: opts.outboxSweepMs, logger: log });

  const pool = await runWorkerPool(mesh, {
    stream: contract.streams.data.name,
    durable: contract.consumers.persistence,
    concurrency: opts.concurrency ?? 4,
    ackWaitMs: 60_000,
    ...(opts.maxDeliver !== undefined ? { maxDeliver: opts.maxDeliver } : {}),
    ...(opts.backoffMs !== undefined ? { backoffMs: opts.backoffMs } : {}),
    // Database down (e.g. the primary's host is lost): hold the batch until it is back, never dead-letter it.
    isTransient: (err) => err instanceof StorageUnavailableError,
    def: (subject: string) => {
      const parsed = parseDataSubject(contract, subject);
      if (!parsed) throw new Error(`no message kind for subject ${subject}`);
      return DEFS[parsed.kind];
    },
    logger: log,
    handler: async (m) => {
      const parsed = parseDataSubject(contract, m.subject)!;
      const correlationId = m.envelope.correlationId;
      let jobId: string;
      let source: string;
      let result: ApplyResult | null = null;
      switch (parsed.kind) {
        case "regions": {
          const b = m.value as typeof messages.regionBatch extends MessageDef<infer T> ? T : never;
          [jobId, source] = [b.jobId, b.source];
          result = await storage.applyRegions(b.jobId, b.seq, b.regions);
          break;
        }
        case "observations": {
          const b = observationsFromTable(m.value as any);
          [jobId, source] = [b.jobId, b.source];
          const { columns, dropped } = screenRegionDays(b.columns, b.jobId, b.source);
          result = await storage.applyObservations(b.jobId, b.seq, b.dataset, columns, dropped);
          break;
        }
        case "mobility": {
          const b = mobilityFromTable(m.value as any);
          [jobId, source] = [b.jobId, b.source];
          const { columns, dropped } = screenRegionDays(b.columns, b.jobId, b.source);
          result = await storage.applyMobility(b.jobId, b.seq, b.dataset, columns, dropped);
          break;
        }
        case "weekly": {
          // Stored under the dataset (covidhub-hosp-vintages rows join covidhub-hosp's series).
          const b = weeklyFromTable(m.value as any);
          [jobId, source] = [b.jobId, b.source];
          const { columns, dropped } = screenWeekly(b.columns, b.jobId, b.source);
          result = await storage.applyWeekly(b.jobId, b.seq, b.dataset, columns, dropped);
          break;
        }
        case "quarantine": {
          const b = m.value as typeof messages.quarantineBatch extends MessageDef<infer T> ? T : never;
          [jobId, source] = [b.jobId, b.source];
          result = await storage.applyQuarantine(
            b.jobId,
            b.seq,
            b.rows.map((r) => ({ ...r, source: b.source, jobId: b.jobId })),
          );
          break;
        }
        case "manifests": {
          const b = m.value as typeof messages.manifest extends MessageDef<infer T> ? T : never;
          [jobId, source] = [b.jobId, b.source];
          const { notModified: _, ...manifest } = b;
          await storage.recordManifest(manifest);
          break;
        }
      }
      log.debug({ jobId, correlationId, subject: m.subject, ...result }, "batch stored");
      if (result?.applied) jobs.batchStored({ jobId, source }, result);
      const done = await storage.completeJobIfDone(jobId);
      if (!done) return;
      // Stored already: a failed announcement must not fail (and redeliver) the batch. The job
      // stays in the outbox, and the sweep announces it once NATS takes the event.
      await announcer.announce(done, { correlationId, dataset: parsed.dataset }).catch((err) => {
        log.warn({ err, jobId }, "job finished but not announced yet; the outbox sweep will");
      });
    },
    onDeadLetter: async (dl, reason) => {
      // The batch will never be stored, so the job can never complete: end it as failed, or
      // its waiters wait forever. Clients see the category; the reason stays in the log.
      const parsed = parseDataSubject(contract, dl.subject);
      const job = parsed && dl.value !== undefined ? batchJob(parsed.kind, dl.value) : null;
      if (!job) {
        log.error({ subject: dl.subject, reason }, "dead letter of an undecodable batch: its job cannot be named");
        return;
      }
      log.error({ jobId: job.jobId, source: job.source, subject: dl.subject, reason }, "batch dead-lettered: job failed");
      const failed = await storage.failJob(job.jobId, job.source, "storage_rejected");
      // A failed announcement here stays in the outbox: the sweep retries it.
      if (failed)
        await announcer.announce(failed, { correlationId: dl.envelope?.correlationId, dataset: parsed!.dataset }).catch((err) => {
          log.warn({ err, jobId: job.jobId }, "failed job not announced yet; the outbox sweep will");
        });
    },
  });

  // Started means askable: the server holds the request/reply subscriptions before we return.
  await mesh.nc.flush().catch(() => undefined);

  return {
    pool,
    async stop() {
      await pool.stop();
      await announcer.stop();
      await health.stop();
      await validators.stop();
      await jobs.close();
    },
  };
}
