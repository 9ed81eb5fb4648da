// The two-host topology as processes on one machine: host A (127.0.0.2) runs a NATS node, the
// Postgres primary and one instance of every service; host B (127.0.0.3) the same with a
// streaming replica; the witness (127.0.0.4) runs only a NATS node, the third JetStream vote.
// A whole host can be killed (SIGKILL to every process it runs) and started again.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NATS_USERS } from "../nats/permissions.ts";
import { connectMesh, createContract, type Mesh } from "../../mesh/mod.ts";
import { distinctPorts } from "../../cli/localNats.ts";
import { startAppService, waitServiceHealthy, type RunningService } from "./appService.ts";
import { HarnessError } from "./errors.ts";
import { waitUntil } from "./waitUntil.ts";
import { pidAlive, type ManagedProcess } from "./managedProcess.ts";
import { natsClientUrl, startNatsNode, waitNatsHealthy } from "./natsNode.ts";
import { initPrimary, initReplica, postgresUrl, startPostgres, waitPostgresReady } from "./postgresNode.ts";
import { APP_SERVICES, type AppService, type HostId, type HostInfo, type KillReport, type NatsNodeSpec, type NodeId, type PostgresSpec, type Secrets } from "./types.ts";

export const DEFAULT_ADDRESSES: Record<NodeId, string> = { a: "127.0.0.2", b: "127.0.0.3", witness: "127.0.0.4" };
const HOSTS: HostId[] = ["a", "b"];
const NODES: NodeId[] = ["a", "b", "witness"];

export interface TopologyOptions {
  addresses?: Record<NodeId, string>;
  /** Extra environment for every service (e.g. LOG_LEVEL). */
  serviceEnv?: Record<string, string>;
  /** Keep the run directory (logs, data) after close(). Default: env HARNESS_KEEP=1. */
  keepRunDir?: boolean;
}

export interface Topology {
  runDir: string;
  secrets: Secrets;
  hosts: Record<HostId, HostInfo>;
  /** DATABASE_URL of the services: the primary on host A. */
  primaryUrl: string;
  nodes: Record<NodeId, NatsNodeSpec>;
  natsUrl(node: NodeId): string;
  /** SIGKILL to every process of the host at once. */
  killHost(id: HostId): Promise<KillReport>;
  /** Starts the host's NATS node, Postgres and services again; resolves when all are healthy. */
  startHost(id: HostId): Promise<void>;
  killService(id: HostId, service: AppService): Promise<KillReport>;
  stopService(id: HostId, service: AppService): Promise<void>;
  startService(id: HostId, service: AppService): Promise<void>;
  service(id: HostId, service: AppService): RunningService | undefined;
  /** SIGTERM to all three NATS nodes. */
  stopNats(): Promise<KillReport>;
  startNats(): Promise<void>;
  /**
   * Resolves (with the epoch ms) once `observer` no longer routes to `lost`: from then on the
   * cluster sends nothing to the lost node's subscribers (queue groups span the cluster).
   */
  waitRouteGone(observer: NodeId, lost: NodeId): Promise<number>;
  /** A mesh client on one node (for tests: ingest, stream checks). */
  connect(node: NodeId, name: string): Promise<Mesh>;
  /** Stops everything; removes the run directory unless kept (keep it to read the logs). */
  close(opts?: { keepRunDir?: boolean }): Promise<void>;
}

/** Letters and digits, starting with a letter: it goes into URLs, and nats-server parses
 *  environment values as config values (a leading digit makes it a number, then a parse error). */
/** deploy/gen-env.sh makes a CA, then each node's key and certificate (TLS_DIR) as on each machine. */
function writeNodeCertificates(runDir: string, nodes: Array<{ role: string; tlsDir: string }>, addrs: string[]): void {
  const genEnv = fileURLToPath(new URL("../gen-env.sh", import.meta.url));
  const caFile = join(runDir, "ca.secrets");
  const ca = Bun.spawnSync(["sh", genEnv, "ca"]);
  if (ca.exitCode !== 0) throw new HarnessError(`gen-env.sh ca failed: ${ca.stderr.toString()}`);
  writeFileSync(caFile, ca.stdout, { mode: 0o600 });
  for (const n of nodes) {
    const p = Bun.spawnSync(["sh", genEnv, n.role, caFile, ...addrs], { env: { ...process.env, TLS_DIR: n.tlsDir } });
    if (p.exitCode !== 0) throw new HarnessError(`gen-env.sh ${n.role} failed: ${p.stderr.toString()}`);
  }
}

function randomSecret(): string {
  return `s${crypto.randomUUID().replaceAll("-", "")}`;
}

export async function startTopology(opts: TopologyOptions = {}): Promise<Topology> {
  const addr = opts.addresses ?? DEFAULT_ADDRESSES;
  const runDir = mkdtempSync(join(tmpdir(), "covidmesh-hosts-"));
  chmodSync(runDir, 0o755); // the postgres OS user must reach its data directories
  const natsPasswords = Object.fromEntries(NATS_USERS.map((u) => [u, randomSecret()]));
  const secrets: Secrets = {
    natsUser: "cli",
    natsPassword: natsPasswords.cli!,
    natsPasswords,
    routeUser: "route",
    routePassword: randomSecret(),
    postgresPassword: randomSecret(),
    replicationPassword: randomSecret(),
  };
  const dirOf = (node: NodeId) => {
    const d = join(runDir, node === "witness" ? "witness" : `host-${node}`);
    mkdirSync(d, { recursive: true });
    return d;
  };

  const port = distinctPorts();
  const nodes = {} as Record<NodeId, NatsNodeSpec>;
  for (const n of NODES) {
    nodes[n] = {
      name: n === "witness" ? "witness" : `host-${n}`,
      address: addr[n],
      clientPort: await port(addr[n]),
      clusterPort: await port(addr[n]),
      monitorPort: await port(addr[n]),
      storeDir: join(dirOf(n), "nats"),
      logFile: join(dirOf(n), "nats.log"),
      peers: [],
      tlsDir: join(dirOf(n), "tls"),
    };
  }
  // Route certificates as compose's machines get them: deploy/gen-env.sh, one private CA.
  writeNodeCertificates(
    runDir,
    NODES.map((n) => ({ role: n === "witness" ? "witness" : `host-${n}`, tlsDir: nodes[n].tlsDir })),
    [addr.a, addr.b, addr.witness],
  );
  for (const n of NODES) nodes[n].peers = NODES.filter((o) => o !== n).map((o) => `${nodes[o].address}:${nodes[o].clusterPort}`);

  const pg = {} as Record<HostId, PostgresSpec>;
  const gatewayPorts = {} as Record<HostId, number>;
  for (const h of HOSTS) {
    pg[h] = { address: addr[h], port: await port(addr[h]), dataDir: join(dirOf(h), "pg", "data"), logFile: join(dirOf(h), "postgres.log") };
    gatewayPorts[h] = await port(addr[h]);
  }
  const natsUrl = (n: NodeId) => natsClientUrl(nodes[n], secrets);
  const primaryUrl = postgresUrl(pg.a, secrets);
  const hosts = {} as Record<HostId, HostInfo>;
  for (const h of HOSTS) {
    hosts[h] = { id: h, address: addr[h], gatewayUrl: `http://${addr[h]}:${gatewayPorts[h]}`, natsUrl: natsUrl(h), postgresUrl: postgresUrl(pg[h], secrets) };
  }

  const natsProcs = new Map<NodeId, ManagedProcess>();
  const pgProcs = new Map<HostId, ManagedProcess>();
  const services = new Map<string, RunningService>();
  const key = (h: HostId, s: AppService) => `${h}/${s}`;

  const startNode = (n: NodeId) => {
    if (natsProcs.get(n)?.alive()) return;
    natsProcs.set(n, startNatsNode(nodes[n], secrets));
  };
  const startService = async (h: HostId, s: AppService) => {
    if (services.get(key(h, s))?.process.alive()) return;
    const running = startAppService({
      service: s,
      hostId: h,
      // A host's services talk to their own node (compose: nats:4222), each as its own user.
      natsUrl: natsClientUrl(nodes[h], secrets, s),
      primaryUrl,
      replicaUrl: hosts[h].postgresUrl,
      address: addr[h],
      gatewayPort: gatewayPorts[h],
      dir: dirOf(h),
      env: opts.serviceEnv,
    });
    services.set(key(h, s), running);
    await waitServiceHealthy(running);
  };
  const startServices = async (h: HostId) => {
    await startService(h, "persistence"); // migrates (under the advisory lock) before the others read
    await Promise.all(APP_SERVICES.filter((s) => s !== "persistence").map((s) => startService(h, s)));
  };
  const killAll = async (procs: ManagedProcess[], sig: NodeJS.Signals): Promise<KillReport> => {
    const killedAt = Date.now();
    const below = procs.flatMap((p) => p.signal(sig, { tree: sig === "SIGKILL" }));
    await Promise.all(procs.map((p) => p.exited));
    // Postgres backends are session leaders of their own: wait for them too (shared memory).
    await waitUntil(() => below.every((pid) => !pidAlive(pid)), { what: "killed processes gone", timeoutMs: 30_000, intervalMs: 5 });
    return { killedAt, doneAt: Date.now(), processes: procs.map((p) => p.name) };
  };
  const hostProcesses = (h: HostId) =>
    [...APP_SERVICES.map((s) => services.get(key(h, s))?.process), pgProcs.get(h), natsProcs.get(h)].filter((p): p is ManagedProcess => p?.alive() === true);

  const topology: Topology = {
    runDir,
    secrets,
    hosts,
    primaryUrl,
    nodes,
    natsUrl,
    killHost: (h) => killAll(hostProcesses(h), "SIGKILL"),
    async startHost(h) {
      startNode(h);
      await waitNatsHealthy(nodes[h], natsProcs.get(h)!);
      if (!pgProcs.get(h)?.alive()) {
        pgProcs.set(h, startPostgres(pg[h]));
        // Crash recovery replays the WAL since the last checkpoint: allow for a loaded machine.
        await waitPostgresReady(hosts[h].postgresUrl, { inRecovery: h === "b", timeoutMs: 180_000 });
      }
      await startServices(h);
    },
    async killService(h, s) {
      const p = services.get(key(h, s))?.process;
      if (!p?.alive()) throw new HarnessError(`${s} on host ${h} is not running`);
      return killAll([p], "SIGKILL");
    },
    async stopService(h, s) {
      await services.get(key(h, s))?.process.stop();
    },
    startService,
    service: (h, s) => services.get(key(h, s)),
    stopNats: () =>
      killAll(
        [...natsProcs.values()].filter((p) => p.alive()),
        "SIGTERM",
      ),
    async startNats() {
      for (const n of NODES) startNode(n);
      await Promise.all(NODES.map((n) => waitNatsHealthy(nodes[n], natsProcs.get(n)!)));
    },
    async waitRouteGone(observer, lost) {
      const monitor = `http://${nodes[observer].address}:${nodes[observer].monitorPort}/routez`;
      const peers = NODES.filter((n) => n !== observer && n !== lost).length;
      await waitUntil(async () => ((await (await fetch(monitor, { signal: AbortSignal.timeout(2_000) })).json()) as { num_routes: number }).num_routes <= peers, {
        what: `${nodes[observer].name} drops its route to ${nodes[lost].name}`,
        timeoutMs: 60_000,
        intervalMs: 10,
      });
      return Date.now();
    },
    connect: (n, name) => connectMesh({ servers: natsUrl(n), name, contract: createContract(""), replicas: 3 }),
    async close(closeOpts = {}) {
      const all = [...services.values()].map((s) => s.process);
      await Promise.all(all.map((p) => p.stop(3_000)));
      await Promise.all([...pgProcs.values()].map((p) => p.stop(5_000)));
      await Promise.all([...natsProcs.values()].map((p) => p.stop(5_000)));
      const keep = closeOpts.keepRunDir ?? opts.keepRunDir ?? process.env.HARNESS_KEEP === "1";
      if (!keep) rmSync(runDir, { recursive: true, force: true });
    },
  };

  try {
    for (const n of NODES) startNode(n);
    await Promise.all(NODES.map((n) => waitNatsHealthy(nodes[n], natsProcs.get(n)!)));
    pgProcs.set("a", await initPrimary(pg.a, secrets));
    pgProcs.set("b", await initReplica(pg.b, pg.a, secrets));
    for (const h of HOSTS) await startServices(h);
    return topology;
  } catch (err) {
    await topology.close({ keepRunDir: true }).catch(() => {});
    throw new HarnessError(`topology did not start (logs kept in ${runDir}): ${(err as Error).message}`, { cause: err });
  }
}
