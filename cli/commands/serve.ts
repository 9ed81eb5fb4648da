// `covid-mesh serve <service>`: one service per process, as compose runs them.
import { join } from "node:path";
import { connectMesh, createContract, ensureStreams, installShutdown } from "../../mesh/mod.ts";
import { createLogger } from "../../mesh/logger.ts";
import { openStorage } from "../../sql/mod.ts";
import { startPersistenceWorker } from "../../workers/persistence/main.ts";
import { startCovidDataWorker } from "../../workers/covid-data/main.ts";
import { startExposureRiskWorker } from "../../workers/exposure-risk/main.ts";
import { startGateway } from "../../gateway/main.ts";
import type { Config } from "../config.ts";
import { UsageError } from "./ingest.ts";

export const SERVICES = ["gateway", "persistence", "covid-data", "exposure-risk"] as const;
type Service = (typeof SERVICES)[number];

export async function serveCommand(config: Config, argv: string[]): Promise<void> {
  const service = argv[0] as Service;
  if (!SERVICES.includes(service)) throw new UsageError(`usage: covid-mesh serve <${SERVICES.join("|")}>`);
  if (!config.NATS_URL) throw new UsageError("serve needs NATS_URL (use `covid-mesh start` for the embedded single-process system)");
  const log = createLogger(service, config.LOG_LEVEL);
  const mesh = await connectMesh({ servers: config.NATS_URL.split(","), name: service, contract: createContract(config.MESH_PREFIX) });
  await ensureStreams(mesh);
  const closers: Array<{ close(): Promise<void> }> = [];
  const needsStorage = service === "persistence" || service === "exposure-risk";
  const storage = needsStorage ? await openStorage({ DATABASE_URL: config.DATABASE_URL, PGLITE_DIR: join(config.dataDir, "pglite") }) : null;
  if (storage) await storage.migrate(); // under an advisory lock: safe when several start at once

  switch (service) {
    case "gateway": {
      const g = await startGateway({ mesh, port: config.PORT, hostname: config.HOST, requestTimeoutMs: config.REQUEST_TIMEOUT_MS, logger: log });
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
      const w = await startExposureRiskWorker({ mesh, storage: storage!, ascertainment: config.ASCERTAINMENT, logger: log });
      closers.push({ close: () => w.stop() });
      break;
    }
  }
  closers.push(mesh);
  if (storage) closers.push(storage);
  installShutdown(closers);
  log.info({ service }, "service started");
}
