// Social-activity worker: aggregates anonymous device pings into distinct-device counts per
// region per hour and per day. Pings arrive over request/reply (never a stream: raw
// coordinates are never stored, not even in JetStream); each is placed in its region and only
// (region, hour, salted device hash) is published to the ACTIVITY work queue and stored.
// Counts are served k-anonymously: a bucket with fewer than k distinct devices is not reported.
import { listen, type Listener, type Logger, type Mesh, openBucket, publish, runWorkerPool, serve, type Server, silentLogger, type WorkerPool } from "../../mesh/mod.ts";
import { DAY_MS, messages } from "../../domain/mod.ts";
import { createRegionLocator, type RegionLocator } from "../../models/mod.ts";
import type { Storage } from "../../sql/mod.ts";
import { createDeviceHasher, resolveDeviceSalt } from "./deviceHash.ts";
import { ActivityError } from "./errors.ts";
import { pingsToPresence, type PresenceOptions } from "./pingsToPresence.ts";


export interface SocialActivityWorkerOptions {
  mesh: Mesh;
  storage: Pick<Storage, "listRegions" | "recordDevicePresence" | "deviceActivity">;
  /** Minimum distinct devices for a bucket to be reported (default 10). */
  k?: number;
  /** HMAC salt of device ids; unset = the mesh-wide salt in the state bucket (created once). */
  salt?: string;
  presence?: Partial<Omit<PresenceOptions, "now">>;
  concurrency?: number;
  logger?: Logger;
}

export interface SocialActivityWorker {
  pool: WorkerPool;
  /** Reloads the region registry now (also done when a job adds regions). */
  reloadRegions(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSocialActivityWorker(opts: SocialActivityWorkerOptions): Promise<SocialActivityWorker> {
  const { mesh, storage } = opts;
  const c = mesh.contract;
  const log = opts.logger ?? silentLogger;
  const k = opts.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`ACTIVITY_K must be a positive integer, got ${k}`);
  const presenceOpts = { maxNearestKm: 50, maxFutureMs: 3_600_000, maxAgeMs: 30 * DAY_MS, ...opts.presence };
  const salt = await resolveDeviceSalt(opts.salt, await openBucket(mesh, c.kv.state, { description: "covid-mesh shared state" }));
  const hash = createDeviceHasher(salt);

  let locator: RegionLocator | null = null;
  const reloadRegions = async () => {
    const regions = await storage.listRegions();
    locator = regions.length > 0 ? createRegionLocator(regions) : null;
    log.info({ regions: regions.length }, "activity region locator built");
  };
  await reloadRegions();

  const pings: Server = serve(mesh, c.subjects.activityPings, {
    queue: c.queues.socialActivity,
    request: messages.activityPings,
    response: messages.activityPingResult,
    logger: log,
    handler: async (batch, ctx) => {
      if (!locator) throw new ActivityError("no_regions", 503, "the region registry is empty; ingest jhu-lookup first");
      const { rows, unlocated, rejected } = pingsToPresence(batch.pings, locator, hash, { ...presenceOpts, now: Date.now() });
      if (rows.length > 0) {
        // Acknowledged only once JetStream holds the (anonymous) rows: a 202 is never lost.
        await publish(mesh, c.subjects.activityPresence, messages.devicePresenceBatch, { batchId: `pings-${crypto.randomUUID()}`, rows }, {
          correlationId: ctx.envelope.correlationId,
          expectStream: c.streams.activity.name,
        });
      }
      const received = batch.pings.length;
      return { received, accepted: received - unlocated - rejected, unlocated, rejected };
    },
  });

  const pool = await runWorkerPool(mesh, {
    stream: c.streams.activity.name,
    durable: c.consumers.activity,
    filterSubject: c.subjects.activityPresence,
    def: messages.devicePresenceBatch,
    concurrency: opts.concurrency ?? 2,
    logger: log,
    handler: async (m) => {
      // (batchId, 0) makes a redelivered batch write nothing twice.
      await storage.recordDevicePresence(m.value.batchId, 0, m.value.rows);
    },
  });

  const query: Server = serve(mesh, c.subjects.activityQuery, {
    queue: c.queues.socialActivity,
    request: messages.activityQuery,
    response: messages.activityAnswer,
    logger: log,
    handler: async (q) => {
      if (Date.parse(q.from) >= Date.parse(q.to)) throw new ActivityError("bad_range", 400, "from must be before to");
      const fromIso = new Date(q.from).toISOString();
      const toIso = new Date(q.to).toISOString();
      const a = await storage.deviceActivity(q.regionId, fromIso, toIso, k);
      return { regionId: q.regionId, from: fromIso, to: toIso, k, hourly: a.hourly, daily: a.daily };
    },
  });

  // A job that adds regions to the registry widens where pings can be placed.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commits: Listener = listen(mesh, c.subjects.observationsCommitted, messages.observationsCommitted, (m) => {
    if (m.value.counts.regions === 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reloadRegions().catch((err) => log.error({ err }, "region reload failed")), 250);
  }, { logger: log });

  return {
    pool,
    reloadRegions,
    async stop() {
      clearTimeout(timer);
      await commits.stop();
      await pings.stop();
      await query.stop();
      await pool.stop();
    },
  };
}
