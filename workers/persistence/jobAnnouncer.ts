// Announces finished jobs from the storage outbox. A job's run row owes its final event from
// the statement that finished it until JetStream acknowledged the event; then it is marked
// announced. The batch handler announces right away; a sweep announces whatever a NATS outage
// or a crash left owed, so no waiter depends on one publish succeeding at one moment.
import { emit, publish, type Mesh } from "../../mesh/mod.ts";
import { silentLogger, type Logger } from "../../mesh/mod.ts";
import { getAdapter } from "../../pipelines/mod.ts";
import type { JobSummary, Storage } from "../../sql/mod.ts";
import { type JobEvent, messages } from "../../domain/mod.ts";
import type { JobReporter } from "../../jobs/mod.ts";

export interface JobAnnouncer {
  /** Records the end in KV, publishes the final event (stored), then clears the outbox entry. */
  announce(summary: JobSummary, opts?: { correlationId?: string; dataset?: string }): Promise<void>;
  /** Announces every owed job now; returns how many were announced. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

export interface JobAnnouncerOptions {
  /** Between sweeps of the outbox (default 5000). */
  sweepMs?: number;
  /** How long one publish keeps trying through a leader election (default 30 000). */
  publishRetryMs?: number;
  logger?: Logger;
}

/** The dataset a source's rows land in, for the commit notice (the source id if unknown). */
function datasetOf(source: string): string {
  try {
    return getAdapter(source).dataset;
  } catch {
    return source;
  }
}

export function startJobAnnouncer(mesh: Mesh, storage: Storage, jobs: JobReporter, opts: JobAnnouncerOptions = {}): JobAnnouncer {
  const log = opts.logger ?? silentLogger;
  const sweepMs = opts.sweepMs ?? 5_000;
  const subjects = mesh.contract.subjects;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sweeping: Promise<number> | null = null;

  const announce: JobAnnouncer["announce"] = async (summary, o = {}) => {
    const { accepted, unchanged, revised, rejected, regions, skipped } = summary;
    const counts = { accepted, unchanged, revised, rejected, regions, skipped };
    const state = summary.state === "failed" ? "failed" : "done";
    await jobs.finished({ ...summary, state, counts });
    const event: JobEvent = {
      jobId: summary.jobId,
      source: summary.source,
      state: summary.state,
      counts,
      batchesDone: summary.batchesDone,
      batchesExpected: summary.batchesExpected,
      startedAt: summary.startedAt,
      finishedAt: summary.finishedAt,
      error: summary.error,
    };
    await publish(mesh, subjects.jobEvents(summary.jobId), messages.jobEvent, event, {
      id: `${summary.jobId}-${summary.state}`,
      correlationId: o.correlationId ?? summary.jobId,
      retryForMs: opts.publishRetryMs ?? 30_000,
    });
    try {
      emit(
        mesh,
        subjects.observationsCommitted,
        messages.observationsCommitted,
        {
          jobId: summary.jobId,
          source: summary.source,
          dataset: o.dataset ?? datasetOf(summary.source),
          counts,
        },
        { correlationId: o.correlationId ?? summary.jobId },
      );
    } catch (err) {
      // Only a cache refresh hint: the event above is what waiters need.
      log.warn({ err, jobId: summary.jobId }, "commit notice not sent");
    }
    await storage.markJobAnnounced(summary.jobId);
    log.info({ jobId: summary.jobId, correlationId: o.correlationId, ...counts, state: summary.state }, "ingest job finished");
  };

  const sweepOnce = async (): Promise<number> => {
    let owed: JobSummary[];
    try {
      owed = await storage.unannouncedJobs(100);
    } catch (err) {
      log.warn({ err }, "job outbox: cannot read owed announcements");
      return 0;
    }
    let n = 0;
    for (const summary of owed) {
      if (stopped) break;
      try {
        await announce(summary);
        n++;
      } catch (err) {
        // Still owed: the next sweep tries again.
        log.warn({ err, jobId: summary.jobId }, "job outbox: announcement failed, will retry");
        break;
      }
    }
    return n;
  };

  const sweep = (): Promise<number> => {
    sweeping ??= sweepOnce().finally(() => (sweeping = null));
    return sweeping;
  };

  const loop = () => {
    if (stopped) return;
    timer = setTimeout(() => void sweep().finally(loop), sweepMs);
  };
  // First sweep at start: a previous instance may have died between completion and event.
  void sweep().finally(loop);

  return {
    announce,
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping?.catch(() => {});
    },
  };
}
