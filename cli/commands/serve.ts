// `covid-mesh serve <service>`: one service per process, as compose runs them.
import { join } from "node:path";
import { connectMesh, createContract, ensureStreamsWhenPlaceable, installShutdown } from "../../mesh/mod.ts";
import { createLogger } from "../../mesh/logger.ts";
import { containPostgresJsNullSocketCrash, openStorage } from "../../sql/mod.ts";
import { startPersistenceWorker } from "../../workers/persistence/main.ts";
import { startCovidDataWorker } from "../../workers/covid-data/main.ts";
import { startExposureRiskWorker } from "../../workers/exposure-risk/main.ts";
import { gatewayTuning, startGateway } from "../../gateway/main.ts";
import { startMetricsServer } from "../../mesh/mod.ts";
import { observationDatasets } from "../datasets.ts";
import type { Config } from "../config.ts";
import { UsageError } from "./ingest.ts";
import { startHealthHeartbeat } from "./healthHeartbeat.ts";
import { INGESTION_SERVICES, startIngestionService } from "./serveIngestion.ts";
import { gatewayIngestion } from "../../gateway/ingestionRoutes.ts";
import { adapters } from "../../pipelines/mod.ts";
import { withReplicaFallback } from "./replicaFallback.ts";
import { isStorageOutage } from "../../workers/persistence/storageOutage.ts";

export const SERVICES = ["gateway", "persistence", "covid-data", "exposure-risk", ...INGESTION_SERVICES] as const;
type Service = (typeof SERVICES)[number];

export async function serveCommand(config: Config, argv: string[]): Promise<void> {
  const service = argv[0] as Service;
  if (!SERVICES.includes(service)) throw new UsageError(`usage: covid-mesh serve <${SERVICES.join("|")}>`);
  if (!config.NATS_URL) throw new UsageError("serve needs NATS_URL (use `covid-mesh start` for the embedded single-process system)");
  const log = createLogger(service, config.LOG_LEVEL);
  const mesh = await connectMesh({
    servers: config.NATS_URL.split(","),
    name: service,
    contract: createContract(config.MESH_PREFIX),
    replicas: config.STREAM_REPLICAS,
    logger: log,
  });
  // Waits (bounded) while the cluster cannot place the streams yet: start order does not matter.
  await ensureStreamsWhenPlaceable(mesh, { logger: log });
  const closers: Array<{ close(): Promise<void> }> = [];
  const needsStorage = service === "persistence" || service === "exposure-risk" || service === "reports" || service === "social-activity";
  let storage = needsStorage ? openStorage({ DATABASE_URL: config.DATABASE_URL, PGLITE_DIR: join(config.dataDir, "pglite") }) : null;
  // A restart of the Postgres server must not end the service (see sql/drivers/nullSocketGuard.ts).
  if (storage && config.DATABASE_URL) containPostgresJsNullSocketCrash((err) => log.error({ err }, "postgres.js wrote to a closed connection (known driver bug, contained); continuing"));
  // Exposure-risk only reads: with a local replica it falls back to it while the primary's host is
  // down, so this host keeps answering and can restart. It leaves migrations to persistence then.
  const replicaFallback = service === "exposure-risk" && storage !== null && config.DATABASE_REPLICA_URL !== undefined;
  if (replicaFallback) {
    const replica = openStorage({ DATABASE_URL: config.DATABASE_REPLICA_URL });
    storage = withReplicaFallback(storage!, replica, {
      isOutage: isStorageOutage,
      onFallback: (method, err) => log.warn({ method, err: (err as Error).message }, "primary unreachable; read from the replica"),
    });
  }
  if (storage && !replicaFallback) await storage.migrate(); // under an advisory lock: safe when several start at once

  switch (service) {
    case "gateway": {
      const g = await startGateway({ mesh, port: config.PORT, hostname: config.HOST, requestTimeoutMs: config.REQUEST_TIMEOUT_MS, logger: log, ...gatewayTuning(config), ...gatewayIngestion(config, Object.keys(adapters)) });
      closers.push({ close: () => g.stop() });
      break;
    }
    case "persistence": {
      const w = await startPersistenceWorker({ mesh, storage: storage!, concurrency: config.WORKER_CONCURRENCY, logger: log });
      closers.push({ close: () => w.stop() });
      break;
    }
    case "covid-data": {
      const w = await startCovidDataWorker({ mesh, logger: log });
      closers.push({ close: () => w.stop() });
      break;
    }
    case "exposure-risk": {
      const w = await startExposureRiskWorker({ mesh, storage: storage!, ascertainment: config.ASCERTAINMENT, datasets: observationDatasets(), logger: log });
      closers.push({ close: () => w.stop() });
      break;
    }
    default:
      closers.push(await startIngestionService(service, { mesh, storage, config, logger: log }));
  }
  if (config.HEALTH_FILE) closers.push(startHealthHeartbeat(mesh, config.HEALTH_FILE));
  // The gateway serves /metrics on its own port; a worker alone exposes its mesh counters here.
  if (config.METRICS_PORT !== undefined && service !== "gateway") {
    const metrics = startMetricsServer({ port: config.METRICS_PORT, hostname: config.HOST });
    closers.push({ close: () => metrics.stop() });
    log.info({ url: metrics.url }, "metrics listening");
  }
  closers.push(mesh);
  if (storage) closers.push(storage);
  installShutdown(closers);
  log.info({ service }, "service started");
}
