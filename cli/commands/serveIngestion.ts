// `covid-mesh serve reports|social-activity|scheduler`: the ingestion services, one per process.
import { join } from "node:path";
import type { Mesh } from "../../mesh/mod.ts";
import type { Logger } from "../../mesh/mod.ts";
import type { Storage } from "../../sql/mod.ts";
import { startReportsWorker } from "../../workers/reports/mod.ts";
import { startSocialActivityWorker } from "../../workers/social-activity/mod.ts";
import { startScheduler } from "../../workers/scheduler/mod.ts";
import type { Config } from "../config.ts";
import { schedulesOf } from "../ingestionConfig.ts";
import { allPollersOf } from "../liveMode.ts";
import { sourceAccessOf } from "../fetchConfig.ts";

export const INGESTION_SERVICES = ["reports", "social-activity", "scheduler"] as const;
export type IngestionService = (typeof INGESTION_SERVICES)[number];

export async function startIngestionService(
  service: IngestionService,
  deps: { mesh: Mesh; storage: Storage | null; config: Config; logger: Logger },
): Promise<{ close(): Promise<void> }> {
  const { mesh, storage, config, logger } = deps;
  switch (service) {
    case "reports": {
      const w = await startReportsWorker({ mesh, storage: storage!, logger });
      return { close: () => w.stop() };
    }
    case "social-activity": {
      const w = await startSocialActivityWorker({ mesh, storage: storage!, k: config.ACTIVITY_K, salt: config.DEVICE_SALT, saltFile: join(config.dataDir, "device-salt"), logger });
      return { close: () => w.stop() };
    }
    case "scheduler": {
      // Run it on as many hosts as you like: each firing and each change is queued once.
      const s = await startScheduler({ mesh, schedules: schedulesOf(config), pollers: allPollersOf(config), access: sourceAccessOf(config), logger });
      return { close: () => s.stop() };
    }
  }
}
