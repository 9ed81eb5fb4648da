// Starts the whole system in one process, for tests and benches: every service gets its own
// NATS connection and talks to the others only through the mesh. `npm start` runs the services
// in child processes instead (commands/start.ts); in compose each runs alone.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { connectMesh, createLogger, ensureStreams, type Logger, type Mesh, silentLogger } from "../mesh/mod.ts";
import { openStorage, type Storage } from "../sql/mod.ts";
import { sourceAccessOf } from "./fetchConfig.ts";
import { observationDatasets } from "./datasets.ts";
import { startLocalNats, type LocalNats } from "./localNats.ts";
import { startPersistenceWorker } from "../workers/persistence/mod.ts";
import { startCovidDataWorker } from "../workers/covid-data/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../workers/exposure-risk/mod.ts";
import type { Gateway } from "../gateway/mod.ts";
import { startGatewayFromConfig } from "./gatewayFromConfig.ts";
import { startReportsWorker } from "../workers/reports/mod.ts";
import { startSocialActivityWorker } from "../workers/social-activity/mod.ts";
import { startScheduler, type SchedulerOptions } from "../workers/scheduler/mod.ts";
import { schedulesOf } from "./ingestionConfig.ts";
import { allPollersOf } from "./liveMode.ts";
import type { Config } from "./config.ts";
import { contractOf, natsCredentialsOf } from "./natsConfig.ts";

export interface System {
  natsUrl: string;
  gateway: Gateway;
  storage: Storage;
  risk: ExposureRiskWorker;
  /** A mesh connection for the caller (CLI, tests) to publish jobs on. */
  client: Mesh;
  /**
   * Starts the scheduler (SCHEDULES, POLLERS, live mode) if startSystem was told to defer it;
   * false when nothing is configured. Idempotent.
   */
  startScheduling(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface StartSystemOptions {
  logger?: Logger;
  quiet?: boolean;
  /**
   * Leave the scheduler for startScheduling(): npm start first lands the bundled sample (the
   * region lookup above all), so that a live publication's first job finds its regions.
   */
  deferScheduler?: boolean;
  /** Test hooks of the scheduler (clock, poll and firing callbacks, fetch). */
  schedulerHooks?: Pick<SchedulerOptions, "clock" | "onPoll" | "onScheduled">;
  /** Each service's own NATS user, as compose gives them (tests of deploy/nats/permissions.ts). */
  natsUsers?: (service: string) => { user: string; pass: string };
}

export async function startSystem(config: Config, opts: StartSystemOptions = {}): Promise<System> {
  const log = opts.logger ?? (opts.quiet ? silentLogger : createLogger("covid-mesh", config.LOG_LEVEL));
  const closers: Array<() => Promise<void>> = [];
  let stopped = false;
  const stop = async () => {
    stopped = true;
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (err) {
        log.warn({ err }, "error during shutdown");
      }
    }
  };

  try {
    mkdirSync(config.dataDir, { recursive: true });
    let natsUrl = config.NATS_URL;
    if (!natsUrl) {
      const local: LocalNats = await startLocalNats(config.dataDir, { log: (l) => log.debug({ nats: l }) });
      closers.push(() => local.stop());
      natsUrl = local.url;
      log.info({ url: natsUrl }, "started embedded nats-server");
    }

    const storage = await openStorage({ DATABASE_URL: config.DATABASE_URL, PGLITE_DIR: join(config.dataDir, "pglite") });
    closers.push(() => storage.close());
    await storage.migrate();
    log.info({ driver: storage.driver }, "storage ready");

    const contract = contractOf(config);
    const connect = async (name: string) => {
      const m = await connectMesh({ servers: natsUrl!.split(","), name, contract, ...(opts.natsUsers ? opts.natsUsers(name) : natsCredentialsOf(config)) });
      closers.push(() => m.close());
      return m;
    };

    const client = await connect("cli");
    await ensureStreams(client);

    const persistence = await startPersistenceWorker({
      mesh: await connect("persistence"),
      storage,
      concurrency: config.WORKER_CONCURRENCY,
      logger: log.child({ service: "persistence" }),
    });
    closers.push(() => persistence.stop());

    const covidData = await startCovidDataWorker({
      mesh: await connect("covid-data"),
      logger: log.child({ service: "covid-data" }),
      access: sourceAccessOf(config),
      fileRoot: config.INGEST_FILE_ROOT,
    });
    closers.push(() => covidData.stop());

    const risk = await startExposureRiskWorker({
      mesh: await connect("exposure-risk"),
      storage,
      ascertainment: config.ASCERTAINMENT,
      datasets: observationDatasets(),
      logger: log.child({ service: "exposure-risk" }),
    });
    closers.push(() => risk.stop());

    // Pushed reports, device activity, and (when configured) schedules and pollers.
    const reports = await startReportsWorker({ mesh: await connect("reports"), storage, logger: log.child({ service: "reports" }) });
    closers.push(() => reports.stop());
    const activity = await startSocialActivityWorker({
      mesh: await connect("social-activity"),
      storage,
      k: config.ACTIVITY_K,
      salt: config.DEVICE_SALT,
      saltFile: join(config.dataDir, "device-salt"),
      logger: log.child({ service: "social-activity" }),
    });
    closers.push(() => activity.stop());
    const [schedules, pollers] = [schedulesOf(config), allPollersOf(config)];
    let scheduling: Promise<boolean> | undefined;
    const startScheduling = () =>
      (scheduling ??= (async () => {
        // After stop() (e.g. Ctrl-C while the sample was landing) nothing new may start.
        if (stopped || schedules.length + pollers.length === 0) return false;
        const mesh = await connect("scheduler");
        const scheduler = await startScheduler({
          mesh,
          schedules,
          pollers,
          access: sourceAccessOf(config),
          logger: log.child({ service: "scheduler" }),
          ...opts.schedulerHooks,
        });
        closers.push(() => scheduler.stop());
        return true;
      })());
    if (!opts.deferScheduler) await startScheduling();

    const gateway = await startGatewayFromConfig(config, await connect("gateway"), log.child({ service: "gateway" }));
    closers.push(() => gateway.stop());

    return { natsUrl, gateway, storage, risk, client, startScheduling, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
