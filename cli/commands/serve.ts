// `covid-mesh serve <service>[,<service>…]`: one service per process, as compose runs them, or a
// group sharing one process and one storage handle, as `npm start` runs them (embedded PGlite is
// single-process: every service that opens storage must live in the one process that owns it).
import { join } from "node:path";
import { parseArgs } from "node:util";
import { closeAll, connectMesh, ensureStreamsWhenPlaceable, installShutdown, type Closer, type Mesh } from "../../mesh/mod.ts";
import { createLogger } from "../../mesh/mod.ts";
import { containPostgresJsNullSocketCrash, openStorage, StorageUnavailableError, waitForMigrations, type Storage } from "../../sql/mod.ts";
import { sourceAccessOf } from "../fetchConfig.ts";
import { startPersistenceWorker } from "../../workers/persistence/mod.ts";
import { startCovidDataWorker } from "../../workers/covid-data/mod.ts";
import { startExposureRiskWorker } from "../../workers/exposure-risk/mod.ts";
import { startGatewayFromConfig } from "../gatewayFromConfig.ts";
import { startMetricsServer } from "../../mesh/mod.ts";
import { observationDatasets } from "../datasets.ts";
import type { Config } from "../config.ts";
import { UsageError } from "./ingest.ts";
import { startHealthHeartbeat } from "../healthHeartbeat.ts";
import { INGESTION_SERVICES, startIngestionService } from "./serveIngestion.ts";
import { withReplicaFallback } from "../replicaFallback.ts";
import { ingestSampleWithProgress } from "../sampleProgress.ts";
import { exitWithParent } from "../parentWatch.ts";
import { contractOf, natsCredentialsOf } from "../natsConfig.ts";
import { watchLoopStalls } from "../loopStalls.ts";

export const SERVICES = ["gateway", "persistence", "covid-data", "exposure-risk", ...INGESTION_SERVICES] as const;
export type Service = (typeof SERVICES)[number];
const STORAGE_SERVICES: readonly Service[] = ["persistence", "exposure-risk", "reports", "social-activity"];

const USAGE = `usage: covid-mesh serve <${SERVICES.join("|")}>[,<service>…] [--sample-first] [--name NAME]`;

export function parseServices(arg: string | undefined): Service[] {
  const names = (arg ?? "").split(",").filter((s) => s.length > 0);
  if (names.length === 0 || names.some((n) => !SERVICES.includes(n as Service)) || new Set(names).size !== names.length) throw new UsageError(USAGE);
  return names as Service[];
}

/**
 * Migrations under an advisory lock (safe when several start at once): through the owner role
 * when DATABASE_OWNER_URL is given (its connection closed right after), else DATABASE_URL's; or,
 * for a writer role without DDL rights (DATABASE_MIGRATIONS=wait), wait until they are in.
 */
async function prepareSchema(config: Config, storage: Storage, log: ReturnType<typeof createLogger>): Promise<void> {
  if (config.DATABASE_MIGRATIONS === "wait" && config.DATABASE_URL) {
    await waitForMigrations(config.DATABASE_URL, { onWait: (reason) => log.info({ reason }, "waiting for the owner's migrations") });
    return;
  }
  if (!config.DATABASE_OWNER_URL) return storage.migrate();
  const owner = openStorage({ DATABASE_URL: config.DATABASE_OWNER_URL });
  try {
    await owner.migrate();
  } finally {
    await owner.close();
  }
}

export async function serveCommand(config: Config, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { "sample-first": { type: "boolean", default: false }, name: { type: "string" } } });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const services = parseServices(positionals[0]);
  // The bundled sample before the scheduler: a live publication's first job then finds its regions.
  const sampleFirst = values["sample-first"];
  if (!config.NATS_URL) throw new UsageError("serve needs NATS_URL (use `covid-mesh start` for the embedded system)");
  const processName = values.name ?? services.join("+");
  const log = createLogger(processName, config.LOG_LEVEL);
  if (config.LOOP_STALL_WARN_MS > 0) watchLoopStalls({ logger: log, thresholdMs: config.LOOP_STALL_WARN_MS });
  const contract = contractOf(config);
  // Closed in this order at shutdown: services (last started first), then connections, then storage.
  const closers: Closer[] = [];
  const connections: Closer[] = [];
  // Each service its own connection, as in compose: one slow consumer does not hold up the others.
  const connect = async (name: string): Promise<Mesh> => {
    const mesh = await connectMesh({ servers: config.NATS_URL!.split(","), name, contract, replicas: config.STREAM_REPLICAS, logger: log, ...natsCredentialsOf(config) });
    connections.push(mesh);
    return mesh;
  };
  const first = await connect(processName);
  // Waits (bounded) while the cluster cannot place the streams yet: start order does not matter.
  // The gateway alone provisions nothing: its NATS user may only use streams (deploy/nats/
  // permissions.ts); until a worker has created them its publishes answer 503.
  if (services.some((s) => s !== "gateway")) await ensureStreamsWhenPlaceable(first, { logger: log });

  // An embedded PGlite runs on a worker thread: its statements then never hold up the requests
  // (risk queries, health) this process answers.
  let storage: Storage | null = services.some((s) => STORAGE_SERVICES.includes(s))
    ? openStorage({ DATABASE_URL: config.DATABASE_URL, PGLITE_DIR: join(config.dataDir, "pglite") }, { pgliteThread: true })
    : null;
  // A restart of the Postgres server must not end the service (see sql/drivers/nullSocketGuard.ts).
  if (storage && config.DATABASE_URL)
    containPostgresJsNullSocketCrash((err) => log.error({ err }, "postgres.js wrote to a closed connection (known driver bug, contained); continuing"));
  // Exposure-risk alone only reads: with a local replica it falls back to it while the primary's
  // host is down, so this host keeps answering and can restart. It leaves migrations to persistence then.
  const replicaFallback = services.length === 1 && services[0] === "exposure-risk" && storage !== null && config.DATABASE_REPLICA_URL !== undefined;
  if (replicaFallback) {
    const replica = openStorage({ DATABASE_URL: config.DATABASE_REPLICA_URL });
    storage = withReplicaFallback(storage!, replica, {
      isOutage: (err) => err instanceof StorageUnavailableError,
      // The error itself: its message is the fixed client text, the driver's reason is its cause (pino logs both).
      onFallback: (method, err) => log.warn({ method, err }, "primary unreachable; read from the replica"),
    });
  }
  if (storage && !replicaFallback) {
    await prepareSchema(config, storage, log);
    log.info({ driver: storage.driver }, "storage ready");
  }

  const startOne = async (service: Service): Promise<Closer> => {
    const mesh = services.length === 1 ? first : await connect(service);
    const logger = services.length === 1 ? log : log.child({ service });
    switch (service) {
      case "gateway": {
        const g = await startGatewayFromConfig(config, mesh, logger);
        return { close: () => g.stop() };
      }
      case "persistence": {
        const w = await startPersistenceWorker({ mesh, storage: storage!, concurrency: config.WORKER_CONCURRENCY, logger });
        return { close: () => w.stop() };
      }
      case "covid-data": {
        const w = await startCovidDataWorker({ mesh, logger, access: sourceAccessOf(config), fileRoot: config.INGEST_FILE_ROOT });
        return { close: () => w.stop() };
      }
      case "exposure-risk": {
        const w = await startExposureRiskWorker({ mesh, storage: storage!, ascertainment: config.ASCERTAINMENT, datasets: observationDatasets(), logger });
        return { close: () => w.stop() };
      }
      default:
        return startIngestionService(service, { mesh, storage, config, logger });
    }
  };

  const deferred: Service[] = sampleFirst ? services.filter((s) => s === "scheduler") : [];
  for (const service of services) if (!deferred.includes(service)) closers.push(await startOne(service));
  if (config.HEALTH_FILE) closers.push(startHealthHeartbeat(first, config.HEALTH_FILE));
  // The gateway serves /metrics on its own port; a worker alone exposes its mesh counters here.
  if (config.METRICS_PORT !== undefined && !services.includes("gateway")) {
    const metrics = startMetricsServer({ port: config.METRICS_PORT, hostname: config.HOST });
    closers.push({ close: () => metrics.stop() });
    log.info({ url: metrics.url }, "metrics listening");
  }
  installShutdown([{ close: () => closeAll([...closers].reverse(), (err) => log.warn({ err }, "error during shutdown")) }, ...connections, ...(storage ? [storage] : [])]);
  exitWithParent(log);
  log.info({ services }, "service started");

  if (sampleFirst) {
    if (!storage) throw new UsageError("--sample-first needs a service that opens storage in the same group");
    if (config.INGEST_SAMPLE) await ingestSampleWithProgress({ client: first, storage }, log);
    // `npm start` prints its ready line once the sample is in (or was not needed).
    process.send?.({ type: "sample-done" });
    for (const service of deferred) closers.push(await startOne(service));
  }
}
