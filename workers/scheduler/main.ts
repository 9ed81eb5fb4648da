// Scheduler service: cron schedules and change pollers from configuration, each queueing
// ingest jobs onto the INGEST_JOBS work queue. Any number of instances may run the same
// configuration: job ids are deterministic, so each firing or change runs once in the mesh.
import { type Logger, type Mesh, openBucket, silentLogger } from "../../mesh/mod.ts";
import { enqueueIngestJob, openJobStore, type Enqueued, type JobStore } from "../../jobs/mod.ts";
import type { IngestJob } from "../../domain/mod.ts";
import type { SourceFetchConfig } from "../../pipelines/mod.ts";
import { systemClock } from "./clock.ts";
import { parseCron, runCronLoop } from "./cronLoop.ts";
import { ScheduleSpecError } from "./errors.ts";
import { scheduledJobId } from "./jobIds.ts";
import { runPollLoop, type PollOnceResult } from "./pollLoop.ts";
import type { Clock, PollerSpec, ScheduleSpec } from "./types.ts";

export interface SchedulerOptions {
  mesh: Mesh;
  schedules?: ScheduleSpec[];
  pollers?: PollerSpec[];
  clock?: Clock;
  logger?: Logger;
  /** After each scheduled firing was queued (or found to be a duplicate). */
  onScheduled?: (r: Enqueued & { at: Date }) => void;
  onPoll?: (source: string, r: PollOnceResult) => void;
  /** What the pollers' change checks may fetch beyond the registry's hosts (pollLoop.ts PollerDeps.access). */
  access?: Partial<SourceFetchConfig>;
}

export interface Scheduler {
  stop(): Promise<void>;
}

function checkSpecs(schedules: ScheduleSpec[], pollers: PollerSpec[]): void {
  for (const s of [...schedules, ...pollers]) {
    if (!s.url === !s.file) throw new ScheduleSpecError(`${s.source}: give exactly one of url or file`);
  }
  for (const s of schedules) parseCron(s.cron, s.timezone);
  for (const p of pollers) {
    if (!Number.isFinite(p.intervalMs) || p.intervalMs < 1000) throw new ScheduleSpecError(`${p.source}: poll interval must be ≥ 1 s`);
  }
}

export async function startScheduler(opts: SchedulerOptions): Promise<Scheduler> {
  const schedules = opts.schedules ?? [];
  const pollers = opts.pollers ?? [];
  checkSpecs(schedules, pollers);
  const { mesh } = opts;
  const log = opts.logger ?? silentLogger;
  const clock = opts.clock ?? systemClock;
  const abort = new AbortController();
  const store: JobStore = await openJobStore(mesh);
  const state = pollers.length > 0 ? await openBucket(mesh, mesh.contract.kv.state, { description: "covid-mesh shared state" }) : null;

  const fire = async (s: ScheduleSpec, at: Date) => {
    const job: IngestJob = {
      jobId: scheduledJobId(s.source, at),
      source: s.source,
      ...(s.url ? { url: s.url } : { file: s.file! }),
      requestedAt: at.toISOString(),
    };
    const r = await enqueueIngestJob(mesh, store, job, { origin: "schedule" });
    log.info({ jobId: job.jobId, duplicate: r.duplicate }, r.duplicate ? "scheduled job already queued elsewhere" : "scheduled job queued");
    opts.onScheduled?.({ ...r, at });
  };

  const loops = [
    ...schedules.map((s) =>
      runCronLoop({
        pattern: s.cron,
        timezone: s.timezone,
        clock,
        signal: abort.signal,
        onFire: (at) => fire(s, at),
        onSkip: (at) => log.warn({ source: s.source, at }, "missed schedule firing skipped (host was stalled)"),
        onError: (err, at) => log.error({ err, source: s.source, at }, "scheduled job could not be queued"),
      }),
    ),
    ...pollers.map((p) =>
      runPollLoop(p, {
        mesh,
        store,
        state: state!,
        logger: log,
        clock,
        signal: abort.signal,
        access: opts.access,
        onPoll: (r) => opts.onPoll?.(p.source, r),
      }),
    ),
  ];
  log.info({ schedules: schedules.map((s) => `${s.source} ${s.cron}`), pollers: pollers.map((p) => p.source) }, "scheduler started");

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      return (stopped ??= (async () => {
        abort.abort();
        await Promise.allSettled(loops);
      })());
    },
  };
}
