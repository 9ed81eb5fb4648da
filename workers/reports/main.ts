// Reports worker: turns batches of case reports pushed by health authorities (POST
// /v1/reports → REPORTS work queue) into the same numbered observation / quarantine /
// manifest messages a source file produces, so persistence stores them like any job, under
// dataset "reports". Region codes are resolved against the registry here, where it lives.
import { type Logger, type Mesh, publish, runWorkerPool, silentLogger, type WorkerPool } from "../../mesh/mod.ts";
import { createJobReporter, openJobStore } from "../../jobs/mod.ts";
import { messages, REPORTS_DATASET, type ReportBatch } from "../../domain/mod.ts";
import { observationsToTable } from "../../pipelines/mod.ts";
import type { Storage } from "../../sql/mod.ts";
import { createRegionResolver, type RegionResolver } from "./regionResolver.ts";
import { reportsToRows } from "./reportsToRows.ts";

/** The observation dataset pushed reports are stored under. */
/** Quarantine rows per message, well under NATS's 1 MB payload. */
const QUARANTINE_CHUNK = 1_000;

export interface ReportsWorkerOptions {
  mesh: Mesh;
  storage: Pick<Storage, "listRegions">;
  concurrency?: number;
  /** An unknown code reloads the registry, at most this often (default 5 s). */
  registryRefreshMs?: number;
  logger?: Logger;
}

export interface ReportsWorker {
  pool: WorkerPool;
  stop(): Promise<void>;
}

export async function startReportsWorker(opts: ReportsWorkerOptions): Promise<ReportsWorker> {
  const { mesh, storage } = opts;
  const log = opts.logger ?? silentLogger;
  const c = mesh.contract;
  const reporter = createJobReporter(await openJobStore(mesh), { logger: log });
  const refreshMs = opts.registryRefreshMs ?? 5_000;

  let registry: { resolver: RegionResolver; loadedAt: number } | null = null;
  const loadRegistry = async () => {
    registry = { resolver: createRegionResolver(await storage.listRegions()), loadedAt: Date.now() };
    return registry.resolver;
  };

  const handle = async (batch: ReportBatch, correlationId: string) => {
    const id = { jobId: batch.jobId, source: REPORTS_DATASET };
    const startedAt = new Date().toISOString();
    await reporter.running(id);
    let rows = reportsToRows(batch.reports, registry?.resolver ?? (await loadRegistry()));
    if (rows.rejected.length > 0 && Date.now() - registry!.loadedAt > refreshMs) {
      rows = reportsToRows(batch.reports, await loadRegistry()); // the registry may have grown since
    }
    const pub = (seq: number) => ({ id: `${batch.jobId}-${seq}`, correlationId });
    let seq = 0;
    if (rows.columns.regionId.length > 0) {
      const table = observationsToTable({ jobId: batch.jobId, seq, source: REPORTS_DATASET, dataset: REPORTS_DATASET, columns: rows.columns });
      await publish(mesh, c.subjects.observations(REPORTS_DATASET), messages.observationBatch, table, pub(seq));
      seq++;
    }
    for (let i = 0; i < rows.rejected.length; i += QUARANTINE_CHUNK) {
      const chunk = rows.rejected.slice(i, i + QUARANTINE_CHUNK);
      await publish(mesh, c.subjects.quarantine(REPORTS_DATASET), messages.quarantineBatch, { jobId: batch.jobId, seq, source: REPORTS_DATASET, rows: chunk }, pub(seq));
      seq++;
    }
    await publish(
      mesh,
      c.subjects.manifests(REPORTS_DATASET),
      messages.manifest,
      { jobId: batch.jobId, source: REPORTS_DATASET, batches: seq, rowsRead: batch.reports.length, bytesRead: 0, startedAt },
      { id: `${batch.jobId}-manifest`, correlationId },
    );
    reporter.progress(id, { rowsRead: batch.reports.length, batches: seq, batchesExpected: seq });
    log.info({ jobId: batch.jobId, correlationId, reports: batch.reports.length, rejected: rows.rejected.length }, "report batch published");
  };

  const pool = await runWorkerPool(mesh, {
    stream: c.streams.reports.name,
    durable: c.consumers.reports,
    filterSubject: c.subjects.reportsSubmitted,
    def: messages.reportBatch,
    concurrency: opts.concurrency ?? 2,
    maxDeliver: 5,
    logger: log,
    handler: (m) => handle(m.value, m.envelope.correlationId),
    onDeadLetter: async (dl, reason) => {
      // A batch that kept failing never gets a manifest: end the job, so waiters stop waiting.
      const jobId = dl.value?.jobId;
      if (!jobId) return;
      // Clients see the category (jobs/jobErrors.ts); the reason stays in the log.
      log.error({ jobId, reason }, "report batch dead-lettered: job failed");
      await reporter.failed({ jobId, source: REPORTS_DATASET }, "storage_rejected");
      await publish(
        mesh,
        c.subjects.jobEvents(jobId),
        messages.jobEvent,
        { jobId, source: REPORTS_DATASET, state: "failed", error: "storage_rejected" },
        { id: `${jobId}-failed`, retryForMs: 30_000 },
      );
    },
  });

  return {
    pool,
    async stop() {
      await pool.stop();
      await reporter.close();
    },
  };
}
