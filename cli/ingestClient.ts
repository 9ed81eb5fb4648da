// Submits an ingest job to the mesh and, if asked, waits for its final event. Submission goes
// through the job store: the job is queued once per id and recorded in NATS KV, where its
// progress can be followed.
import { resolve } from "node:path";
import { stat } from "node:fs/promises";
import { codecOf, decodeMessage, type Mesh } from "../mesh/mod.ts";
import { enqueueIngestJob, isTerminal, openJobStore, type JobStore } from "../jobs/mod.ts";
import { messages, type IngestJob, type JobEvent, type JobRecord } from "../domain/mod.ts";

export class IngestWaitTimeoutError extends Error {
  override name = "IngestWaitTimeoutError";
}

export interface IngestRequest {
  source: string;
  file?: string;
  url?: string;
  jobId?: string;
}

export function newJobId(source: string): string {
  return `${source}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}

export interface SubmittedJob {
  job: IngestJob;
  /** Resolves with the final event (done or failed). */
  done: Promise<JobEvent>;
  /** False when the job id had been submitted before (nothing new was queued). */
  queued: boolean;
  cancel(): void;
}

export interface SubmitOptions {
  timeoutMs?: number;
  onEvent?: (e: JobEvent) => void;
  /** Every new version of the job's record (state, progress, counts) while waiting. */
  onProgress?: (r: JobRecord) => void;
}

/** A finished job's record as the event waiters expect (for a job id that already ran). */
function eventOf(r: JobRecord): JobEvent {
  return {
    jobId: r.jobId,
    source: r.source,
    state: r.state,
    counts: r.counts,
    batchesDone: r.progress.batchesDone,
    batchesExpected: r.progress.batchesExpected,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    error: r.error,
  };
}

/** Passes the job's terminal record to a progress view, with the event's figures when the record lags. */
async function showFinal(store: JobStore, ev: JobEvent, onProgress: (r: JobRecord) => void): Promise<void> {
  const r = await store.get(ev.jobId);
  if (!r) return;
  onProgress(
    isTerminal(r.state)
      ? r
      : {
          ...r,
          state: ev.state,
          counts: ev.counts ?? r.counts,
          progress: { ...r.progress, batchesDone: ev.batchesDone ?? r.progress.batchesDone, batchesExpected: ev.batchesExpected ?? r.progress.batchesExpected },
        },
  );
}

export async function submitIngest(mesh: Mesh, req: IngestRequest, opts: SubmitOptions = {}): Promise<SubmittedJob> {
  const job: IngestJob = {
    jobId: req.jobId ?? newJobId(req.source),
    source: req.source,
    ...(req.file ? { file: resolve(req.file) } : {}),
    ...(req.url ? { url: req.url } : {}),
    requestedAt: new Date().toISOString(),
  };
  const codec = codecOf(messages.ingestJob);
  const parsed = codec.decode(codec.encode(job)); // validate before sending
  const bytesTotal = job.file ? ((await stat(job.file).catch(() => null))?.size ?? null) : null;
  const store = await openJobStore(mesh);
  const following = new AbortController();

  // Subscribe before publishing: JetStream subjects are also delivered to core subscribers.
  const sub = mesh.nc.subscribe(mesh.contract.subjects.jobEvents(job.jobId));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    sub.unsubscribe();
    following.abort();
  };
  let settle: ((ev: JobEvent) => void) | undefined;
  const done = new Promise<JobEvent>((resolvePromise, reject) => {
    settle = (ev) => {
      stop();
      resolvePromise(ev);
    };
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        stop();
        reject(new IngestWaitTimeoutError(`job ${job.jobId} did not finish within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
    }
    (async () => {
      for await (const msg of sub) {
        let ev: JobEvent;
        try {
          ev = decodeMessage(messages.jobEvent, msg).value;
        } catch {
          continue;
        }
        opts.onEvent?.(ev);
        if (ev.state === "done" || ev.state === "failed") {
          // The event can overtake the job record's watch: show the end state before settling.
          if (opts.onProgress) await showFinal(store, ev, opts.onProgress).catch(() => {});
          return settle!(ev);
        }
      }
    })().catch(reject);
  });
  await mesh.nc.flush();
  const { duplicate, record } = await enqueueIngestJob(mesh, store, parsed, { origin: "cli", correlationId: job.jobId, bytesTotal });
  if (duplicate && isTerminal(record.state)) settle!(eventOf(record));
  else {
    // The job record is the second witness of the end: an event lost in a NATS restart
    // cannot hang the waiter while the record says the job is over.
    const onRecord = (r: JobRecord) => {
      opts.onProgress?.(r);
      if (isTerminal(r.state)) settle!(eventOf(r));
    };
    store.follow(job.jobId, opts.timeoutMs ?? 24 * 3_600_000, onRecord, following.signal).catch(() => {});
    void pollRecord(store, job.jobId, following.signal, onRecord);
  }
  return { job, done, queued: !duplicate, cancel: stop };
}

/** A watch can end with its connection; reading the record now and then cannot miss the end. */
async function pollRecord(store: JobStore, jobId: string, signal: AbortSignal, onTerminal: (r: JobRecord) => void, everyMs = 2_000): Promise<void> {
  while (!signal.aborted) {
    await new Promise((r) => setTimeout(r, everyMs));
    if (signal.aborted) return;
    const r = await store.get(jobId).catch(() => null);
    if (r && isTerminal(r.state)) return onTerminal(r);
  }
}
