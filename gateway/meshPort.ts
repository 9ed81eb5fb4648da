// The real MeshPort: each call is one request/reply over NATS with the request's deadline, and
// data-change notifications come from the mesh's update events.
import { listen, type Listener, type Logger, type Mesh, request, silentLogger } from "../mesh/mod.ts";
import { enqueueIngestJob, enqueueReportBatch, openJobStore, type JobStore } from "../jobs/mod.ts";
import { messages } from "../domain/mod.ts";
import {
  frameTagOf,
  MAX_RISK_BATCH,
  MeshDecodeError,
  MeshNoRespondersError,
  MeshRemoteError,
  riskFrameBatchMessages,
  riskFrameMessages,
  riskRegionBatchQueryV1,
  type MessageDef,
  type RiskFrame,
  type RiskRegionBatchQuery,
  type RiskRegionQuery,
} from "../mesh/mod.ts";
import { createMicroBatcher, type MicroBatcher } from "./microBatcher.ts";
import { type SecondAttemptStats, withSecondAttempt } from "./secondAttempt.ts";
import type { MeshPort } from "./types.ts";

export interface RealMeshPort extends MeshPort {
  /** Stops the event subscriptions (the connection itself belongs to the caller). */
  close(): Promise<void>;
  /**
   * Batches sent on covid.risk.regions.batch, the risk queries they carried, and the batches
   * sent a second time after their first attempt timed out (secondAttempt.ts).
   */
  riskBatchStats(): { batches: number; calls: number; retried: number };
}

export interface MeshPortOptions {
  logger?: Logger;
  /**
   * Risk region queries of one event-loop turn go to the pool as one batch message (default
   * true); false sends each alone on covid.risk.regions.
   */
  batchRisk?: boolean;
}

type BatchedQuery = RiskRegionQuery & { correlationId?: string; known?: string };
/** A query of a micro-batch and the frame its request holds, if any (what `known` names). */
interface BatchItem {
  query: BatchedQuery;
  held: RiskFrame | undefined;
}

/** A version-1 pool refuses a version-2 batch as too new (mesh/envelope.ts decodeMessage). */
const refusedAsTooNew = (err: unknown) => err instanceof MeshRemoteError && err.code === "bad_request" && /schema version \d+ is newer/.test(err.message);

export function createMeshPort(mesh: Mesh, opts: MeshPortOptions = {}): RealMeshPort {
  const s = mesh.contract.subjects;
  const riskOne = async (query: RiskRegionQuery, ctx: { timeoutMs: number; correlationId?: string }): Promise<RiskFrame> =>
    (await request(mesh, s.riskRegions, riskFrameMessages.riskRegionQuery, query, riskFrameMessages.riskFrame, { ...ctx, compactEnvelope: true })).value;
  const retries: SecondAttemptStats = { retried: 0 };
  const sendBatch = (queries: BatchedQuery[], def: MessageDef<RiskRegionBatchQuery>, timeoutMs: number) =>
    request(mesh, s.riskRegionsBatch, def, { queries }, riskFrameBatchMessages.riskFrameBatch, {
      timeoutMs,
      // A batch of one keeps its request's correlation id on the envelope too.
      correlationId: queries.length === 1 ? queries[0].correlationId : undefined,
      compactEnvelope: true,
    });
  const riskBatcher: MicroBatcher<BatchItem, RiskFrame> | null =
    opts.batchRisk === false
      ? null
      : createMicroBatcher<BatchItem, RiskFrame>({
          maxBatch: MAX_RISK_BATCH,
          async send(items, timeoutMs) {
            const queries = items.map((i) => i.query);
            const deadline = Date.now() + timeoutMs;
            try {
              let reply: Awaited<ReturnType<typeof sendBatch>>;
              try {
                reply = await withSecondAttempt((attemptMs) => sendBatch(queries, riskFrameBatchMessages.riskRegionBatchQuery, attemptMs), timeoutMs, retries);
              } catch (err) {
                if (!refusedAsTooNew(err)) throw err;
                // A pool of version 1: the same batch without the known frames, within the same deadline.
                reply = await sendBatch(
                  queries.map(({ known: _, ...q }) => q),
                  riskRegionBatchQueryV1,
                  Math.max(1, deadline - Date.now()),
                );
              }
              return reply.value.map((r, i) => {
                if ("frame" in r) return r.frame;
                if ("error" in r) return new MeshRemoteError(r.error.code, r.error.message);
                // "unchanged" answers a query that named its held frame, and only such a query.
                return items[i]?.held ?? new MeshDecodeError(`risk frame batch result ${i} is "unchanged" but its query named no frame`);
              });
            } catch (err) {
              if (!(err instanceof MeshNoRespondersError)) throw err;
              // A pool of an older version (no batch subject): each query alone, as before.
              return Promise.all(
                queries.map(({ correlationId: c, known: _, ...q }) =>
                  riskOne(q, { timeoutMs: Math.max(1, deadline - Date.now()), correlationId: c }).catch((e: unknown) =>
                    e instanceof Error ? e : new MeshRemoteError("internal", String(e)),
                  ),
                ),
              );
            }
          },
        });
  const log = opts.logger ?? silentLogger;
  const listeners = new Set<(reason: string) => void>();
  const notify = (reason: string) => {
    for (const l of listeners) {
      try {
        l(reason);
      } catch (err) {
        log.error({ err, reason }, "data-change listener threw");
      }
    }
  };
  // Subscribed up front: an update that lands before the first listener still matters to none.
  const subscriptions: Listener[] = [
    listen(mesh, s.observationsCommitted, messages.observationsCommitted, () => notify("observations committed"), { logger: log }),
    listen(mesh, s.riskSnapshotUpdated, messages.riskSnapshotUpdated, () => notify("risk snapshot updated"), { logger: log }),
  ];
  // Core NATS events are at-most-once: after a reconnect some may be lost, so assume change.
  void (async () => {
    for await (const st of mesh.nc.status()) if (st.type === "reconnect") notify("reconnected");
  })().catch((err) => log.debug({ err }, "status watch ended"));

  // The jobs bucket is opened on first use (and again after a failed open).
  let jobs: Promise<JobStore> | undefined;
  const jobStore = (): Promise<JobStore> =>
    (jobs ??= openJobStore(mesh).catch((err) => {
      jobs = undefined;
      throw err;
    }));

  return {
    risk(query, ctx, held) {
      if (!riskBatcher) return withSecondAttempt((timeoutMs) => riskOne(query, { ...ctx, timeoutMs }), ctx.timeoutMs, retries);
      const batched: BatchedQuery = { ...query };
      if (ctx.correlationId) batched.correlationId = ctx.correlationId;
      if (held) batched.known = frameTagOf(held);
      return riskBatcher.call({ query: batched, held }, ctx.timeoutMs);
    },
    riskBatchStats: () => ({ ...(riskBatcher?.stats() ?? { batches: 0, calls: 0 }), retried: retries.retried }),
    async riskBatch(queries, ctx) {
      const reply = await withSecondAttempt(
        (timeoutMs) => request(mesh, s.riskBatch, messages.riskBatchQuery, { queries }, messages.riskBatchResult, { ...ctx, timeoutMs }),
        ctx.timeoutMs,
        retries,
      );
      return reply.value.results;
    },
    async searchRegions(query, ctx) {
      return (await request(mesh, s.regionSearch, messages.regionSearchQuery, query, messages.regionSearchResult, ctx)).value;
    },
    async region(id, ctx) {
      return (await request(mesh, s.regionGet, messages.regionGetQuery, { id }, messages.regionDetail, ctx)).value;
    },
    async timeseries(query, ctx) {
      return (await request(mesh, s.timeseries, messages.timeseriesQuery, query, messages.timeseries, ctx)).value;
    },
    async forecast(id, ctx) {
      return (await request(mesh, s.forecastGet, messages.forecastQuery, { id }, messages.forecast, ctx)).value;
    },
    async hospForecast(query, ctx) {
      return (await request(mesh, s.hospForecastGet, messages.hospForecastQuery, query, messages.hospForecast, ctx)).value;
    },
    async clusters(ctx, run) {
      return (await request(mesh, s.clustersList, messages.clustersQuery, run ? { run } : {}, messages.clusters, ctx)).value;
    },
    async weekly(query, ctx) {
      return (await request(mesh, s.weeklyGet, messages.weeklyQuery, query, messages.weeklyHistory, ctx)).value;
    },
    async storageHealth(ctx) {
      return (await request(mesh, s.storageHealth, messages.storageHealthQuery, {}, messages.storageHealth, ctx)).value;
    },
    async riskStatus(ctx) {
      return (await request(mesh, s.riskStatus, messages.riskStatusQuery, {}, messages.riskStatus, ctx)).value;
    },
    async natsConnected(timeoutMs) {
      if (mesh.nc.isClosed()) return false;
      // A flush is a real round trip to the server: it fails or stalls while disconnected.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([
          mesh.nc.flush().then(
            () => true,
            () => false,
          ),
          deadline,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async submitIngest(job, ctx, opts = {}) {
      return enqueueIngestJob(mesh, await jobStore(), job, { origin: "api", correlationId: ctx.correlationId, owner: opts.owner });
    },
    async submitReports(batch, ctx, opts = {}) {
      return enqueueReportBatch(mesh, await jobStore(), batch, { correlationId: ctx.correlationId, owner: opts.owner });
    },
    async job(jobId) {
      return (await jobStore()).get(jobId);
    },
    async waitForJob(jobId, timeoutMs) {
      return (await jobStore()).follow(jobId, timeoutMs);
    },
    async submitActivity(batch, ctx) {
      return (await request(mesh, s.activityPings, messages.activityPings, batch, messages.activityPingResult, ctx)).value;
    },
    async activity(query, ctx) {
      return (await request(mesh, s.activityQuery, messages.activityQuery, query, messages.activityAnswer, ctx)).value;
    },
    onDataChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await Promise.all(subscriptions.map((l) => l.stop()));
    },
  };
}
