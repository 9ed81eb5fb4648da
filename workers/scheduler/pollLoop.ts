// One change poller: every interval, ask whether the source changed since the version the mesh
// last saw (kept in the shared state bucket, so all poller instances agree), and queue one
// ingest job per change. The adapters and the revision-aware upsert then write only deltas.
import type { KV } from "@nats-io/kv";
import { isRevisionConflict, type Logger, type Mesh } from "../../mesh/mod.ts";
import { enqueueIngestJob, type Enqueued, type JobStore } from "../../jobs/mod.ts";
import type { IngestJob } from "../../domain/mod.ts";
import { sourceFetchPolicy, type SourceFetchConfig } from "../../pipelines/mod.ts";
import { polledJobId } from "./jobIds.ts";
import { checkSource } from "./sourceCheck.ts";
import type { Clock, PollerSpec, PollerState } from "./types.ts";

export interface PollOnceResult {
  changed: boolean;
  jobId?: string;
  enqueued?: Enqueued;
}

export interface PollerDeps {
  mesh: Mesh;
  store: JobStore;
  state: KV;
  logger: Logger;
  /**
   * Hosts and timeouts added to the registry's for the change checks (the same configuration as
   * the covid-data worker's: FETCH_ALLOWED_HOSTS, the configured URLs' hosts, FETCH_*_MS).
   * Default: the registry's hosts only, public addresses only.
   */
  access?: Partial<SourceFetchConfig>;
}

const stateKey = (source: string) => `poller.${source}`;

async function readState(state: KV, source: string): Promise<{ value: PollerState | null; revision: number }> {
  const e = await state.get(stateKey(source));
  if (e?.operation !== "PUT" || e.length === 0) return { value: null, revision: e?.revision ?? 0 };
  return { value: e.json<PollerState>(), revision: e.revision };
}

/** One check; exported for tests and for `covid-mesh` tooling. */
export async function pollOnce(spec: PollerSpec, deps: PollerDeps): Promise<PollOnceResult> {
  const { value: prev, revision } = await readState(deps.state, spec.source);
  const check = await checkSource(spec, prev, { policy: sourceFetchPolicy(spec.source, deps.access) });
  if (!check.changed) return { changed: false };

  const version = (prev?.version ?? 0) + 1;
  const jobId = polledJobId(spec.source, version, check.version.fingerprint);
  const job: IngestJob = {
    jobId,
    source: spec.source,
    ...(spec.url ? { url: spec.url } : { file: spec.file! }),
    requestedAt: new Date().toISOString(),
  };
  const enqueued = await enqueueIngestJob(deps.mesh, deps.store, job, { origin: "poll" });
  const next: PollerState = { ...check.version, version, jobId, changedAt: new Date().toISOString() };
  const bytes = new TextEncoder().encode(JSON.stringify(next));
  try {
    if (revision === 0) await deps.state.create(stateKey(spec.source), bytes);
    else await deps.state.update(stateKey(spec.source), bytes, revision);
  } catch (err) {
    // Another poller recorded this change first; its job id is ours, so nothing ran twice.
    if (!isRevisionConflict(err)) throw err;
  }
  return { changed: true, jobId, enqueued };
}

export async function runPollLoop(spec: PollerSpec, deps: PollerDeps & { clock: Clock; signal: AbortSignal; onPoll?: (r: PollOnceResult) => void }): Promise<void> {
  while (!deps.signal.aborted) {
    try {
      const r = await pollOnce(spec, deps);
      if (r.changed) {
        deps.logger.info({ source: spec.source, jobId: r.jobId, duplicate: r.enqueued?.duplicate }, "source changed; ingest job queued");
      }
      deps.onPoll?.(r);
    } catch (err) {
      deps.logger.warn({ err, source: spec.source }, "source check failed; will retry on the next interval");
    }
    await deps.clock.sleep(spec.intervalMs, deps.signal);
  }
}
