// One ingest job: stream the source through its adapter and publish every batch, numbered,
// with a deterministic Nats-Msg-Id so that a redelivered job republishes nothing new. A URL is
// fetched conditionally on the validators of its last completed fetch: an unchanged source
// answers 304, and the job ends with zero batches after that one request.
import { publish, request, type Mesh } from "../../mesh/mod.ts";
import { messages, type IngestJob, type Manifest } from "../../domain/mod.ts";
import {
  csvRows,
  DEFAULT_INGEST_LIMITS,
  getAdapter,
  QuarantineLimitError,
  SourceSpecError,
  mobilityToTable,
  observationsToTable,
  openSource,
  parquetFromStream,
  weeklyToTable,
  type AdapterEvent,
  type IngestLimits,
  type OpenSourceOptions,
} from "../../pipelines/mod.ts";
import { tapProgress } from "./progressTap.ts";
import { silentLogger, type Logger } from "../../mesh/mod.ts";
import { errorCategory } from "./errorCategory.ts";
import { publishedDayOf } from "./publishedDay.ts";

/** How long one batch, or the job's "running" event, keeps trying to be stored (mesh/publish.ts). */
export const PUBLISH_RETRY_MS = 30_000;

export interface IngestProgress {
  rowsRead: number;
  bytesRead: number;
  batches: number;
}

export interface RunIngestOptions {
  batchValues?: number;
  /**
   * Called after each published batch, and at least every `progressIntervalMs` while the source
   * is being read (the pool uses it to extend the ack deadline).
   */
  onProgress?: (p: IngestProgress) => void;
  /** Longest quiet spell of onProgress while bytes are read (default 5000; AckWait is 60 s). */
  progressIntervalMs?: number;
  /** Record length, gzip and quarantine caps (default DEFAULT_INGEST_LIMITS, docs/limits.md). */
  limits?: IngestLimits;
  /** How long to wait for the stored validators of a URL before fetching unconditionally (default 2000). */
  validatorsTimeoutMs?: number;
  /** Most bytes a parquet source may hold in memory (default DEFAULT_MAX_PARQUET_BYTES). */
  maxParquetBytes?: number;
  /** How URLs and files may be read (allow-list, timeouts, file root); see workers/covid-data/sourceAccess.ts. */
  access?: Pick<OpenSourceOptions, "fetch" | "fileRoot">;
  /** The job's deadline: aborting it ends the job as failed (its reason, a SourceTimeoutError, is the category). */
  signal?: AbortSignal;
  /**
   * Which files the job may name. `job` (the operator's file-job subject, which only the CLI's
   * NATS user may publish): any file, or under the job's own fileRoot. A string (the shared
   * subject): only inside this folder, the worker's INGEST_FILE_ROOT, whatever the job says.
   * `none` (the shared subject, no root configured): no file at all.
   */
  files?: "job" | "none" | string;
  /** Where the detail of a failed job goes (clients see only its category). */
  logger?: Logger;
}

/** The folder a file job is confined to; a job from the shared subject never chooses its own. */
function fileRootOf(job: IngestJob, files: "job" | "none" | string): { fileRoot?: string } {
  if (!job.file) return {};
  if (files === "job") return job.fileRoot ? { fileRoot: job.fileRoot } : {};
  if (files === "none") throw new SourceSpecError("file jobs on the shared ingest subject need the worker's INGEST_FILE_ROOT");
  return { fileRoot: files };
}

/** Thrown for failures that a retry cannot mend (unknown source, missing file, bad header). */
export function isPermanentSourceError(err: unknown): boolean {
  const name = err instanceof Error ? err.name : "";
  return (
    [
      "UnknownSourceError",
      "SourceNotFoundError",
      "BadHeaderError",
      "CsvFormatError",
      "MissingColumnError",
      "BadDateHeaderError",
      "EmptySourceError",
      "SourceSpecError",
      "SourceDecodeError",
      "CsvReadError",
      "SourceTooLargeError",
      "NotCsvSourceError",
      "DecompressionLimitError",
      "QuarantineLimitError",
      "SourceNotAllowedError",
      "SourceTimeoutError",
    ].includes(name) ||
    (name === "SourceFetchError" && typeof (err as { status?: number }).status === "number" && (err as { status: number }).status < 500)
  );
}

/**
 * The validators stored for a URL, asked of the storage service. Without an answer the fetch
 * is simply unconditional: correct, only not free.
 */
async function storedValidators(mesh: Mesh, url: string, correlationId: string, timeoutMs: number): Promise<OpenSourceOptions["validators"]> {
  try {
    const reply = await request(mesh, mesh.contract.subjects.sourceValidators, messages.sourceValidatorsQuery, { url }, messages.sourceValidators, {
      timeoutMs,
      correlationId,
    });
    return reply.value;
  } catch {
    return null;
  }
}

export async function runIngestJob(mesh: Mesh, job: IngestJob, correlationId: string, opts: RunIngestOptions = {}): Promise<IngestProgress> {
  const s = mesh.contract.subjects;
  const startedAt = new Date().toISOString();
  const progress: IngestProgress = { rowsRead: 0, bytesRead: 0, batches: 0 };
  // Each batch keeps trying for a while when JetStream cannot store it (no responders while a
  // node rejoins and the stream's leader is elected, as when a host returns): its Nats-Msg-Id
  // makes a retry store nothing twice, and the job goes on instead of failing its delivery and
  // starting again (test:hosts "host A killed" saw a second "running" from exactly that).
  const pub = { correlationId, retryForMs: PUBLISH_RETRY_MS };
  let error: string | undefined;
  let dataset = "unknown";
  let rowsSkipped = 0;
  let fetched: Manifest["fetched"];
  let notModified = false;
  let quarantined = 0;
  const limits = opts.limits ?? DEFAULT_INGEST_LIMITS;

  try {
    const adapter = getAdapter(job.source);
    dataset = adapter.dataset;
    const validators = job.url ? await storedValidators(mesh, job.url, correlationId, opts.validatorsTimeoutMs ?? 2_000) : null;
    const src = await openSource(job.file ? { file: job.file } : { url: job.url! }, {
      validators,
      decompression: limits.decompression,
      maxPlainBytes: limits.maxPlainBytes,
      signal: opts.signal,
      ...opts.access,
      ...fileRootOf(job, opts.files ?? "job"),
    });
    if (job.url) fetched = { url: job.url, etag: src.etag ?? null, lastModified: src.lastModified ?? null };
    notModified = src.notModified;
    if (!notModified) {
      const counter = { rows: 0 };
      const beat = () => {
        progress.rowsRead = counter.rows;
        progress.bytesRead = src.bytesRead();
        opts.onProgress?.(progress);
      };
      const stream = tapProgress(src.stream, beat, opts.progressIntervalMs ?? 5_000);
      // The publication of files without an as_of column: the source's Last-Modified, else now.
      const parseOpts = { batchValues: opts.batchValues ?? 32_768, publishedDay: publishedDayOf(src.lastModified) };
      let events: AsyncGenerator<AdapterEvent>;
      if (adapter.format === "parquet") {
        // Read whole (the footer is at the end) and decoded before the first batch is published:
        // a cut or corrupt file fails here, and the job publishes nothing.
        const file = await parquetFromStream(stream, job.file ?? job.url!, opts.maxParquetBytes);
        events = countParquetRows(adapter.parseParquet(file, parseOpts), counter);
      } else {
        events = adapter.parse(csvRows(stream, { counter, maxRecordChars: limits.maxRecordChars }), parseOpts);
      }
      for await (const ev of events) {
        progress.rowsRead = counter.rows;
        if (ev.kind === "skipped") {
          rowsSkipped += ev.rows;
          continue;
        }
        if (ev.kind === "quarantine") {
          quarantined += ev.rows.length;
          // Rows up to the cap are stored; past it the job fails rather than fill the table.
          if (quarantined > limits.maxQuarantineRows) throw new QuarantineLimitError(job.source, quarantined, limits.maxQuarantineRows);
        }
        const seq = progress.batches;
        const id = `${job.jobId}-${seq}`;
        const meta = { jobId: job.jobId, seq, source: job.source, dataset };
        if (ev.kind === "regions") {
          await publish(mesh, s.regions(dataset), messages.regionBatch, { jobId: job.jobId, seq, source: job.source, regions: ev.regions }, { ...pub, id });
        } else if (ev.kind === "observations") {
          await publish(mesh, s.observations(dataset), messages.observationBatch, observationsToTable({ ...meta, columns: ev.columns }), { ...pub, id });
        } else if (ev.kind === "mobility") {
          await publish(mesh, s.mobility(dataset), messages.mobilityBatch, mobilityToTable({ ...meta, columns: ev.columns }), { ...pub, id });
        } else if (ev.kind === "weekly") {
          await publish(mesh, s.weekly(dataset), messages.weeklyBatch, weeklyToTable({ ...meta, columns: ev.columns }), { ...pub, id });
        } else {
          await publish(mesh, s.quarantine(dataset), messages.quarantineBatch, { jobId: job.jobId, seq, source: job.source, rows: ev.rows }, { ...pub, id });
        }
        progress.batches++;
        progress.bytesRead = src.bytesRead();
        opts.onProgress?.(progress);
      }
      progress.bytesRead = src.bytesRead();
      progress.rowsRead = counter.rows;
    }
  } catch (err) {
    // Past the deadline, whatever the read threw, the reason is the deadline.
    const cause = opts.signal?.aborted ? opts.signal.reason : err;
    if (!isPermanentSourceError(cause)) throw err; // transient: let the pool retry the job
    // Clients see the category; the message (hosts, ports, paths) only the logs.
    error = errorCategory(cause);
    (opts.logger ?? silentLogger).warn({ jobId: job.jobId, source: job.source, err: cause, category: error }, "ingest job failed");
    fetched = undefined;
  }

  // The manifest closes the job: persistence completes it once every numbered batch is stored.
  const manifest: Manifest = {
    jobId: job.jobId,
    source: job.source,
    batches: progress.batches,
    rowsRead: progress.rowsRead,
    bytesRead: progress.bytesRead,
    startedAt,
    ...(error ? { error } : {}),
    ...(rowsSkipped > 0 ? { rowsSkipped } : {}),
    ...(fetched ? { fetched } : {}),
    ...(notModified ? { notModified } : {}),
  };
  await publish(mesh, s.manifests(dataset), messages.manifest, manifest, { ...pub, id: `${job.jobId}-manifest` });
  return progress;
}

/** Parquet has no lines: rows read = the rows the adapter accounted for (stored, quarantined or skipped). */
async function* countParquetRows(events: AsyncGenerator<AdapterEvent>, counter: { rows: number }): AsyncGenerator<AdapterEvent> {
  for await (const ev of events) {
    if (ev.kind === "weekly") counter.rows += ev.columns.regionId.length;
    else if (ev.kind === "quarantine" || ev.kind === "skipped") counter.rows += typeof ev.rows === "number" ? ev.rows : ev.rows.length;
    yield ev;
  }
}
