// Social-activity worker: aggregates anonymous device pings into distinct-device counts per
// region per hour and per day. Pings arrive over request/reply (never a stream: raw
// coordinates are never stored, not even in JetStream); each is placed in its region and only
// (region, hour, salted device hash) is published to the ACTIVITY work queue and stored.
// Counts are served k-anonymously: a bucket with fewer than k distinct devices is not reported,
// over whole UTC days only; presences older than the retention period are deleted hourly.
import { listen, openBucket, publish, runWorkerPool, serve, type Mesh, type Server, type WorkerPool, type Listener } from "../../mesh/mod.ts";
import { type Logger, silentLogger } from "../../mesh/mod.ts";
import { DAY_MS, messages } from "../../domain/mod.ts";
import { createRegionLocator, type RegionLocator } from "../../models/mod.ts";
import type { Storage } from "../../sql/mod.ts";
import { ServiceError } from "../../domain/mod.ts";
import { createDeviceHasher, resolveDeviceSecret } from "./deviceHash.ts";
import { startRetention, type Retention } from "./retention.ts";
import { pingsToPresence, type PresenceOptions } from "./pingsToPresence.ts";
import { activityWindowError } from "../../domain/mod.ts";

export interface SocialActivityWorkerOptions {
  mesh: Mesh;
  storage: Pick<Storage, "listRegions" | "recordDevicePresence" | "deviceActivity" | "deleteDevicePresenceBefore">;
  /** Minimum distinct devices for a bucket to be reported (default 10). */
  k?: number;
  /** Secret the daily device-hash keys are derived from (DEVICE_SALT); shared by every instance. */
  salt?: string;
  /** Without `salt`: a file keeping a generated secret (one host; created 0600). Neither: per process. */
  saltFile?: string;
  /** Presences are kept this many days (default 30), then deleted. */
  retentionDays?: number;
  presence?: Partial<Omit<PresenceOptions, "now">>;
  concurrency?: number;
  logger?: Logger;
}

export interface SocialActivityWorker {
  pool: WorkerPool;
  /** Reloads the region registry now (also done when a job adds regions). */
  reloadRegions(): Promise<void>;
  /** The hourly retention sweep (runNow deletes expired presences at once). */
  retention: Retention;
  stop(): Promise<void>;
}

export async function startSocialActivityWorker(opts: SocialActivityWorkerOptions): Promise<SocialActivityWorker> {
  const { mesh, storage } = opts;
  const c = mesh.contract;
  const log = opts.logger ?? silentLogger;
  const k = opts.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`ACTIVITY_K must be a positive integer, got ${k}`);
  const retentionDays = opts.retentionDays ?? 30;
  if (!(retentionDays > 0)) throw new RangeError(`retentionDays must be positive, got ${retentionDays}`);
  // A ping older than the retention period would be deleted at the next sweep: refuse it.
  const presenceOpts = { maxNearestKm: 50, maxFutureMs: 3_600_000, maxAgeMs: retentionDays * DAY_MS, ...opts.presence };
  const { secret, origin } = resolveDeviceSecret({ configured: opts.salt, file: opts.saltFile });
  if (origin === "ephemeral") log.warn("no DEVICE_SALT: device hashes last as long as this process (set DEVICE_SALT when several instances run)");
  const hash = createDeviceHasher(secret);
  await forgetSharedSalt(mesh, log);

  let locator: RegionLocator | null = null;
  // Rebuilt only when what placing a ping depends on changed (which regions exist, and their
  // centres: boundaries are matched by id, distances and the nearest region use lat/lon; a ping
  // keeps only the region's id). Building indexes every boundary, 0.3–1.4 s of this thread under
  // load, which under `npm start` also answers risk queries. A re-ingest of the JHU US pair
  // reports region updates in its commit events, and the whole registry's JSON differed between
  // them: keyed on it, every re-ingest rebuilt this locator.
  let registryKey = "";
  const reloadRegions = async () => {
    const regions = await storage.listRegions();
    const key = regions.map((r) => `${r.id},${r.lat},${r.lon}`).join(";");
    if (locator !== null && key === registryKey) return;
    locator = regions.length > 0 ? createRegionLocator(regions) : null;
    registryKey = key;
    log.info({ regions: regions.length }, "activity region locator built");
  };
  await reloadRegions();

  const pings: Server = serve(mesh, c.subjects.activityPings, {
    queue: c.queues.socialActivity,
    request: messages.activityPings,
    response: messages.activityPingResult,
    logger: log,
    handler: async (batch, ctx) => {
      if (!locator) throw new ServiceError("no_regions", "the region registry is empty; ingest jhu-lookup first");
      const { rows, unlocated, rejected } = pingsToPresence(batch.pings, locator, hash, { ...presenceOpts, now: Date.now() });
      if (rows.length > 0) {
        // Acknowledged only once JetStream holds the (anonymous) rows: a 202 is never lost.
        await publish(
          mesh,
          c.subjects.activityPresence,
          messages.devicePresenceBatch,
          { batchId: `pings-${crypto.randomUUID()}`, rows },
          {
            correlationId: ctx.envelope.correlationId,
            expectStream: c.streams.activity.name,
          },
        );
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
      const windowError = activityWindowError(q.from, q.to);
      if (windowError) throw new ServiceError("bad_range", windowError);
      const fromIso = new Date(q.from).toISOString();
      const toIso = new Date(q.to).toISOString();
      const a = await storage.deviceActivity(q.regionId, fromIso, toIso, k);
      return { regionId: q.regionId, from: fromIso, to: toIso, k, hourly: a.hourly, daily: a.daily };
    },
  });

  // A job that adds regions to the registry widens where pings can be placed.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commits: Listener = listen(
    mesh,
    c.subjects.observationsCommitted,
    messages.observationsCommitted,
    (m) => {
      if (m.value.counts.regions === 0) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reloadRegions().catch((err) => log.error({ err }, "region reload failed")), 250);
    },
    { logger: log },
  );

  const retention: Retention = startRetention({ storage, days: retentionDays, logger: log });

  // Started means askable: the server holds the request/reply subscriptions before we return.
  await mesh.nc.flush().catch(() => undefined);

  return {
    pool,
    reloadRegions,
    retention,
    async stop() {
      clearTimeout(timer);
      await retention.stop();
      await commits.stop();
      await pings.stop();
      await query.stop();
      await pool.stop();
    },
  };
}

/** Key under which earlier versions kept one mesh-wide salt in the shared state bucket. */
export const LEGACY_SALT_KEY = "device-salt";

/** Removes that salt: every NATS client could read it there. Best effort (a later start retries). */
async function forgetSharedSalt(mesh: Mesh, log: Logger): Promise<void> {
  try {
    const state = await openBucket(mesh, mesh.contract.kv.state, { description: "covid-mesh shared state" });
    if ((await state.get(LEGACY_SALT_KEY))?.operation === "PUT") {
      await state.purge(LEGACY_SALT_KEY);
      log.info("the device salt formerly shared in NATS KV was purged");
    }
  } catch (err) {
    log.warn({ err }, "could not check NATS KV for a shared device salt");
  }
}
