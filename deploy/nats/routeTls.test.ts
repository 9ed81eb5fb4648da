// NATS routes between the machines use mutual TLS (deploy/nats/nats.conf, certificates from
// deploy/gen-env.sh): three nodes with the deployment's certificates form the full mesh of
// routes; a node whose certificate another CA signed gets none.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { distinctPorts } from "../../cli/localNats.ts";
import type { ManagedProcess } from "../harness/managedProcess.ts";
import { startNatsNode, waitNatsHealthy } from "../harness/natsNode.ts";
import type { NatsNodeSpec, Secrets } from "../harness/types.ts";

const GEN_ENV = join(import.meta.dir, "../gen-env.sh");
const dir = mkdtempSync(join(tmpdir(), "covidmesh-routes-"));
const procs: ManagedProcess[] = [];
const secrets: Secrets = {
  natsUser: "cli",
  natsPassword: "x",
  natsPasswords: {},
  routeUser: "route",
  routePassword: `r${crypto.randomUUID().slice(0, 8)}`,
  postgresPassword: "",
  replicationPassword: "",
};

afterAll(async () => {
  for (const p of procs) p.signal("SIGTERM");
  await Promise.all(procs.map((p) => p.exited));
  rmSync(dir, { recursive: true, force: true });
});

function caFile(name: string): string {
  const p = Bun.spawnSync(["sh", GEN_ENV, "ca"]);
  expect(p.exitCode).toBe(0);
  const file = join(dir, name);
  writeFileSync(file, p.stdout);
  return file;
}

async function nodeSpec(name: string, role: string, address: string, ca: string, addrs: string[]): Promise<NatsNodeSpec> {
  const tlsDir = join(dir, name, "tls");
  const p = Bun.spawnSync(["sh", GEN_ENV, role, ca, ...addrs], { env: { ...process.env, TLS_DIR: tlsDir } });
  expect(p.stderr.toString()).toBe("");
  const port = distinctPorts();
  const [clientPort, clusterPort, monitorPort] = [await port(address), await port(address), await port(address)];
  return { name, address, clientPort, clusterPort, monitorPort, storeDir: join(dir, name, "js"), logFile: join(dir, name, "nats.log"), peers: [], tlsDir };
}

/**
 * The number of other nodes this node has a route to. nats-server 2.9 opens one route
 * connection per peer; 2.10+ pools them (several connections per peer in /routez, 8 per node on
 * 2.15 here), so peers are counted by the server id at the other end, whatever the server.
 */
const routes = async (s: NatsNodeSpec) => {
  const z = (await (await fetch(`http://${s.address}:${s.monitorPort}/routez`)).json()) as { routes?: Array<{ remote_id: string }> };
  return new Set((z.routes ?? []).map((r) => r.remote_id)).size;
};

test("three nodes with the deployment's certificates route to each other over TLS; another CA's node is refused", async () => {
  const addrs = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];
  const ca = caFile("ca.secrets");
  const specs = [
    await nodeSpec("host-a", "host-a", addrs[0]!, ca, addrs),
    await nodeSpec("host-b", "host-b", addrs[1]!, ca, addrs),
    await nodeSpec("witness", "witness", addrs[2]!, ca, addrs),
  ];
  for (const s of specs) s.peers = specs.filter((o) => o !== s).map((o) => `${o.address}:${o.clusterPort}`);
  for (const s of specs) procs.push(startNatsNode(s, secrets));
  await Promise.all(specs.map((s, i) => waitNatsHealthy(s, procs[i]!, 60_000)));
  for (let i = 0; i < 100 && (await Promise.all(specs.map(routes))).some((n) => n < 2); i++) await Bun.sleep(100);
  expect(await Promise.all(specs.map(routes))).toEqual([2, 2, 2]);

  // An intruder on the private network with a certificate of its own CA (the route password known).
  const stranger = await nodeSpec("stranger", "host-b", "127.0.0.5", caFile("other.secrets"), ["127.0.0.2", "127.0.0.5", "127.0.0.4"]);
  stranger.peers = [`${specs[0]!.address}:${specs[0]!.clusterPort}`];
  const p = startNatsNode(stranger, secrets);
  procs.push(p);
  await Bun.sleep(3_000);
  expect(await routes(specs[0]!)).toBe(2);
  expect(readFileSync(stranger.logFile, "utf8")).toMatch(/TLS route handshake error|certificate signed by unknown authority|bad certificate/);
}, 120_000);
