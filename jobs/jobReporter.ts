// What workers use to keep job records current. Progress and per-batch counts are coalesced
// per job and written at most every `flushMs`, so a job of hundreds of batches costs a few KV
// writes a second, not one per batch. Job state is a view: a KV failure is logged and never
// fails the batch being processed (the database and JOB_EVENTS stay authoritative).
import { silentLogger, type Logger } from "../mesh/mod.ts";
import type { JobCounts, JobProgress } from "../domain/mod.ts";
import { recordBatchCounts, recordFinished, recordProgress, recordRunning, ZERO_JOB_COUNTS, type FinalSummary, type JobIdentity } from "./jobRecord.ts";
import type { JobStore } from "./jobStore.ts";

type SourceProgress = Partial<Pick<JobProgress, "bytesRead" | "rowsRead" | "batches" | "batchesExpected">>;

export interface JobReporter {
  running(id: JobIdentity, facts?: { bytesTotal?: number | null }): Promise<void>;
  /** Latest reading progress; written on the next flush. */
  progress(id: JobIdentity, p: SourceProgress): void;
  /** Counts of one stored batch (call only when it was applied, not on a redelivery). */
  batchStored(id: JobIdentity, counts: JobCounts): void;
  /** The final summary: written now, after any pending progress of the job. */
  finished(summary: FinalSummary): Promise<void>;
  failed(id: JobIdentity, error: string): Promise<void>;
  /** Writes everything pending. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  id: JobIdentity;
  progress: SourceProgress | null;
  counts: JobCounts;
  batches: number;
}

export interface JobReporterOptions {
  flushMs?: number;
  logger?: Logger;
}

export function createJobReporter(store: JobStore, opts: JobReporterOptions = {}): JobReporter {
  const log = opts.logger ?? silentLogger;
  const flushMs = opts.flushMs ?? 250;
  const pending = new Map<string, Pending>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const now = () => new Date().toISOString();
  /** Terminal states are worth a few retries over a NATS blip: nothing rewrites them later. */
  const guarded = async (jobId: string, what: string, write: () => Promise<unknown>, attempts = 1) => {
    for (let i = 1; i <= attempts; i++) {
      try {
        await write();
        return;
      } catch (err) {
        if (i === attempts) log.warn({ err, jobId }, `job state: ${what} not recorded`);
        else await new Promise((r) => setTimeout(r, 250 * i));
      }
    }
  };

  const entry = (id: JobIdentity): Pending => {
    let p = pending.get(id.jobId);
    if (!p) {
      p = { id, progress: null, counts: { ...ZERO_JOB_COUNTS }, batches: 0 };
      pending.set(id.jobId, p);
    }
    return p;
  };

  const writeOne = (p: Pending) =>
    guarded(p.id.jobId, "progress", () =>
      store.update(p.id.jobId, (cur) => {
        let next = p.progress ? recordProgress(cur, p.id, p.progress, now()) : cur;
        if (p.batches > 0) next = recordBatchCounts(next, p.id, p.counts, p.batches, now());
        return next ?? recordProgress(null, p.id, {}, now());
      }),
    );

  const flushJob = async (jobId: string) => {
    const p = pending.get(jobId);
    if (!p) return;
    pending.delete(jobId);
    await writeOne(p);
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = [...pending.values()];
    pending.clear();
    flushing = flushing.then(() => Promise.all(batch.map(writeOne)).then(() => {}));
    return flushing;
  };

  const schedule = () => {
    timer ??= setTimeout(() => void flush(), flushMs);
  };

  return {
    async running(id, facts = {}) {
      await guarded(id.jobId, "running", () => store.update(id.jobId, (cur) => recordRunning(cur, id, facts, now())));
    },
    progress(id, p) {
      const e = entry(id);
      e.progress = { ...e.progress, ...p };
      schedule();
    },
    batchStored(id, counts) {
      const e = entry(id);
      e.counts = {
        accepted: e.counts.accepted + counts.accepted,
        rejected: e.counts.rejected + counts.rejected,
        unchanged: e.counts.unchanged + counts.unchanged,
        revised: e.counts.revised + counts.revised,
        regions: e.counts.regions + counts.regions,
      };
      e.batches++;
      schedule();
    },
    async finished(summary) {
      await flushJob(summary.jobId);
      await guarded(summary.jobId, summary.state, () => store.update(summary.jobId, (cur) => recordFinished(cur, summary, now())), 4);
    },
    async failed(id, error) {
      await flushJob(id.jobId);
      await guarded(
        id.jobId,
        "failed",
        () => store.update(id.jobId, (cur) => recordFinished(cur, { ...id, state: "failed", counts: cur?.counts ?? ZERO_JOB_COUNTS, error }, now())),
        4,
      );
    },
    flush,
    async close() {
      await flush();
    },
  };
}
