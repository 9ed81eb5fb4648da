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
    const jobs = await ingestSampleIfEmpty(system);
    if (jobs) {
      log.info("empty database: ingesting the bundled JHU CSSE sample (CC BY 4.0)");
      for (const job of jobs) {
        job.then(
          (ev) => log.info({ jobId: ev.jobId, state: ev.state, ...ev.counts, ms: Math.round(performance.now() - t0) }, "sample ingested"),
          (err) => log.error({ err }, "sample ingest failed"),
        );
      }
    }
  }
}
