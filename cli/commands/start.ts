// `npm start`: the whole system on one machine. This process holds the DATA_DIR lock, the
// embedded nats-server (unless NATS_URL is given) and the gateway; the services run in
// supervised child processes (cli/serviceLayout.ts), so that parsing, storing and the risk
// recompute never take the gateway's event loop. A child that crashes is restarted.
import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import { connectMesh, createLogger, ensureStreams, type Logger, type Mesh } from "../../mesh/mod.ts";
import type { Gateway } from "../../gateway/mod.ts";
import { startGatewayFromConfig } from "../gatewayFromConfig.ts";
import { createMeshPort } from "../../gateway/mod.ts";
import { acquireDataDirLock, procStartTime, type DataDirLock } from "../dataDirLock.ts";
import { startLocalNats } from "../localNats.ts";
import { startSupervisor, type Supervisor } from "../supervisor.ts";
import { serviceLayout } from "../serviceLayout.ts";
import { PARENT_PID_ENV } from "../parentWatch.ts";
import { waitUntilReady, readyLine } from "../readyWait.ts";
import { contractOf, natsCredentialsOf } from "../natsConfig.ts";
import { watchLoopStalls } from "../loopStalls.ts";

const CLI_MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

export interface Launched {
  /** The gateway's URL. */
  url: string;
  natsUrl: string;
  gateway: Gateway;
  /** A mesh connection of this process (CLI, tests, benches). */
  client: Mesh;
  supervisor: Supervisor;
  /**
   * Resolves once /readyz answers 200 (a risk query would be answered) and the bundled sample,
   * when it was needed, is stored; the ready line is printed then. Never rejects; on an empty
   * database without the sample it resolves when the first ingest's data is live.
   */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** The environment `config` was parsed from: the child processes parse the same one. */
  env?: Record<string, string | undefined>;
  /** Where the ready line goes (default: stdout). */
  print?: (line: string) => void;
  /** Every line the service processes write (default: they write to stdout/stderr themselves). */
  onChildLine?: (child: string, line: string) => void;
}

export async function launch(config: Config, log: Logger, opts: LaunchOptions = {}): Promise<Launched> {
  // First: a second start on the same folder must not touch the embedded database or NATS store.
  const lock: DataDirLock = acquireDataDirLock(config.dataDir);
  const closers: Array<() => Promise<void>> = [async () => lock.release()];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
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
    let natsUrl = config.NATS_URL;
    if (!natsUrl) {
      const local = await startLocalNats(config.dataDir, { log: (l) => log.debug({ nats: l }) });
      closers.push(() => local.stop());
      natsUrl = local.url;
      // A start that recovers this lock after we were killed stops the orphaned nats-server too.
      if (local.child.pid) lock.update({ children: [{ pid: local.child.pid, procStart: procStartTime(local.child.pid) }] });
      log.info({ url: natsUrl }, "started embedded nats-server");
    }

    const contract = contractOf(config);
    const connect = async (name: string) => {
      const m = await connectMesh({ servers: natsUrl!.split(","), name, contract, replicas: config.STREAM_REPLICAS, ...natsCredentialsOf(config) });
      closers.push(() => m.close());
      return m;
    };
    const client = await connect("cli");
    await ensureStreams(client);

    let sampleDone = !config.INGEST_SAMPLE;
    const groups = serviceLayout(config);
    const childEnv = { ...process.env, ...opts.env, NATS_URL: natsUrl, DATA_DIR: config.dataDir, [PARENT_PID_ENV]: String(process.pid) };
    const supervisor = startSupervisor(
      groups.map((g) => ({
        name: g.name,
        argv: [process.execPath, CLI_MAIN, "serve", g.services.join(","), "--name", g.name, ...(g.sampleFirst ? ["--sample-first"] : [])],
        env: childEnv,
        nice: g.nice,
        onMessage: (m) => {
          if ((m as { type?: string } | null)?.type === "sample-done") sampleDone = true;
        },
      })),
      { logger: log, onLine: opts.onChildLine },
    );
    closers.push(() => supervisor.stop());
    log.info({ children: groups.map((g) => `${g.name}: ${g.services.join(", ")}${g.nice ? ` (nice ${g.nice})` : ""}`) }, "services started in child processes");

    const gateway = await startGatewayFromConfig(config, await connect("gateway"), log.child({ service: "gateway" }));
    // Stopped before the children: no request is accepted that no worker will answer.
    closers.push(() => gateway.stop());
    lock.update({ url: gateway.url });
    log.info({ url: gateway.url, nats: natsUrl, storage: config.DATABASE_URL ? "postgres" : "pglite", live: config.LIVE_MODE }, "covid-mesh is up; waiting for data");

    const print = opts.print ?? ((line: string) => void process.stdout.write(`${line}\n`));
    const probe = createMeshPort(client);
    closers.push(() => probe.close());
    const ready = waitUntilReady(probe, {
      extra: () => sampleDone,
      stopped: () => stopped,
      onWaiting: (why) => log.info({ why }, "not ready yet: /v1/risk answers 503 until a snapshot with data is loaded"),
    }).then((ok) => {
      if (ok) print(readyLine(gateway.url, config.HOST));
    });
    return { url: gateway.url, natsUrl, gateway, client, supervisor, ready, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function startCommand(config: Config): Promise<void> {
  const log = createLogger("covid-mesh", config.LOG_LEVEL);
  if (config.LOOP_STALL_WARN_MS > 0) watchLoopStalls({ logger: log, thresholdMs: config.LOOP_STALL_WARN_MS });
  const launched = await launch(config, log);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: draining the services");
    await launched.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
