import type { Config } from "../config.ts";
import { startSystem } from "../system.ts";
import { ingestSampleIfEmpty } from "../sample.ts";
import { createLogger } from "../../mesh/logger.ts";

export async function startCommand(config: Config): Promise<void> {
  const log = createLogger("covid-mesh", config.LOG_LEVEL);
  const system = await startSystem(config, { logger: log });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: draining the mesh");
    await system.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  log.info({ url: system.gateway.url, nats: system.natsUrl, storage: system.storage.driver }, "covid-mesh is up");
  if (config.INGEST_SAMPLE) {
    const t0 = performance.now();
    // Not awaited: the gateway serves (503 until data is in) while the sample lands.
    ingestSampleIfEmpty(system, (ev) =>
      log.info({ jobId: ev.jobId, state: ev.state, ...ev.counts, ms: Math.round(performance.now() - t0) }, "sample file ingested"),
    ).then(
      (events) => events && log.info({ ms: Math.round(performance.now() - t0) }, "bundled JHU CSSE sample ingested (CC BY 4.0)"),
      (err) => log.error({ err }, "sample ingest failed"),
    );
  }
}
