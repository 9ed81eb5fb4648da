import type { Config } from "../config.ts";
import { startSystem, type StartSystemOptions, type System } from "../system.ts";
import { ingestSampleIfEmpty } from "../sample.ts";
import { createLogger, type Logger } from "../../mesh/mod.ts";

export interface Launched {
  system: System;
  /**
   * Resolves once the bundled sample (when it was needed) is stored and the scheduler (schedules,
   * pollers, live mode) runs. Never rejects: a failed sample ingest is logged and scheduling starts anyway.
   */
  ready: Promise<void>;
}

/**
 * What `npm start` runs, minus the process signal handling: the system, then the sample on an
 * empty database, then the scheduler. Live mode's first poll comes after the sample, so its
 * first jobs find the region lookup stored.
 */
export async function launch(config: Config, log: Logger, opts: Omit<StartSystemOptions, "logger" | "deferScheduler"> = {}): Promise<Launched> {
  const system = await startSystem(config, { ...opts, logger: log, deferScheduler: true });
  log.info({ url: system.gateway.url, nats: system.natsUrl, storage: system.storage.driver, live: config.LIVE_MODE }, "covid-mesh is up");
  const ready = (async () => {
    if (config.INGEST_SAMPLE) {
      const t0 = performance.now();
      try {
        const events = await ingestSampleIfEmpty(system, (ev) =>
          log.info({ jobId: ev.jobId, state: ev.state, ...ev.counts, ms: Math.round(performance.now() - t0) }, "sample file ingested"),
        );
        if (events) log.info({ ms: Math.round(performance.now() - t0) }, "bundled sample ingested (see sample/ATTRIBUTION.md)");
      } catch (err) {
        log.error({ err }, "sample ingest failed");
      }
    }
    try {
      if (await system.startScheduling()) log.info({ live: config.LIVE_MODE }, "scheduler running");
    } catch (err) {
      log.error({ err }, "scheduler could not start");
    }
  })();
  return { system, ready };
}

export async function startCommand(config: Config): Promise<void> {
  const log = createLogger("covid-mesh", config.LOG_LEVEL);
  // Not awaited beyond start: the gateway serves (503 until data is in) while the sample lands.
  const { system } = await launch(config, log);
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
}
