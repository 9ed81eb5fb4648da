// One ingest job: stream the source through its adapter and publish every batch, numbered,
// with a deterministic Nats-Msg-Id so that a redelivered job republishes nothing new.
import { publish, type Mesh } from "../../mesh/mod.ts";
import { messages, type IngestJob } from "../../mesh/messages.ts";
import { csvRows, getAdapter, observationsToTable, openSource, type CsvRow } from "../../pipelines/mod.ts";

export interface IngestProgress {
  rowsRead: number;
  bytesRead: number;
  batches: number;
}

export interface RunIngestOptions {
  batchValues?: number;
  /** Called after each published batch (the pool uses it to extend the ack deadline). */
  onProgress?: (p: IngestProgress) => void;
}

/** Thrown for failures that a retry cannot mend (unknown source, missing file, bad header). */
export function isPermanentSourceError(err: unknown): boolean {
  const name = err instanceof Error ? err.name : "";
  return ["UnknownSourceError", "SourceNotFoundError", "BadHeaderError", "CsvFormatError"].includes(name) ||
    (name === "SourceFetchError" && typeof (err as { status?: number }).status === "number" && (err as { status: number }).status < 500);
}

export async function runIngestJob(mesh: Mesh, job: IngestJob, correlationId: string, opts: RunIngestOptions = {}): Promise<IngestProgress> {
  const s = mesh.contract.subjects;
  const startedAt = new Date().toISOString();
  const progress: IngestProgress = { rowsRead: 0, bytesRead: 0, batches: 0 };
  const pub = { correlationId };
  let error: string | undefined;
  let dataset = "unknown";

  try {
    const adapter = getAdapter(job.source);
    dataset = adapter.dataset;
    const src = await openSource(job.file ? { file: job.file } : { url: job.url! });
    async function* counted(rows: AsyncIterable<CsvRow>) {
      for await (const row of rows) {
        progress.rowsRead++;
        yield row;
      }
    }
    for await (const ev of adapter.parse(counted(csvRows(src.stream)), { batchValues: opts.batchValues ?? 32_768 })) {
      const seq = progress.batches;
      const id = `${job.jobId}-${seq}`;
      if (ev.kind === "regions") {
        await publish(mesh, s.regions(dataset), messages.regionBatch, { jobId: job.jobId, seq, source: job.source, regions: ev.regions }, { ...pub, id });
      } else if (ev.kind === "observations") {
        const table = observationsToTable({ jobId: job.jobId, seq, source: job.source, dataset, columns: ev.columns });
        await publish(mesh, s.observations(dataset), messages.observationBatch, table, { ...pub, id });
      } else {
        await publish(mesh, s.quarantine(dataset), messages.quarantineBatch, { jobId: job.jobId, seq, source: job.source, rows: ev.rows }, { ...pub, id });
      }
      progress.batches++;
      progress.bytesRead = src.bytesRead();
      opts.onProgress?.(progress);
    }
    progress.bytesRead = src.bytesRead();
  } catch (err) {
    if (!isPermanentSourceError(err)) throw err; // transient: let the pool retry the job
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }

  // The manifest closes the job: persistence completes it once every numbered batch is stored.
  await publish(
    mesh,
    s.manifests(dataset),
    messages.manifest,
    { jobId: job.jobId, source: job.source, batches: progress.batches, rowsRead: progress.rowsRead, bytesRead: progress.bytesRead, startedAt, ...(error ? { error } : {}) },
    { ...pub, id: `${job.jobId}-manifest` },
  );
  return progress;
}
