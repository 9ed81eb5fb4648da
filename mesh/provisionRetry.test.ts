// R3 streams on a three-node nats-server cluster whose third node starts late, as when host A
// boots before host B: provisioning waits (with a log line) instead of failing, and completes once
// the node joins. Its own servers on 127.0.0.1 (free ports, a temporary store), stopped at the end.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { connectMesh, type Mesh } from "./mod.ts";
import { MeshProvisionError } from "./errors.ts";
import { ensureStreamsWhenPlaceable, isPlacementPending } from "./provisionRetry.ts";
import { uniqueContract, waitFor } from "./testSupport.ts";

const dir = mkdtempSync(join(tmpdir(), "provision-retry-"));
const procs: Array<ReturnType<typeof Bun.spawn>> = [];

function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}

const nodes = ["n1", "n2", "n3"].map((name) => ({ name, client: freePort(), cluster: freePort() }));

function startNode(i: number): void {
  const n = nodes[i]!;
  const routes = nodes
    .filter((o) => o !== n)
    .map((o) => `nats://127.0.0.1:${o.cluster}`)
    .join(",");
  procs.push(
    Bun.spawn(
      [
        process.env.NATS_SERVER_BIN ?? "nats-server",
        "-js",
        "-n",
        n.name,
        "-a",
        "127.0.0.1",
        "-p",
        String(n.client),
        "-sd",
        join(dir, n.name),
        "--cluster_name",
        "provision-test",
        "--cluster",
        `nats://127.0.0.1:${n.cluster}`,
        "--routes",
        routes,
      ],
      { stdio: ["ignore", "ignore", "ignore"] },
    ),
  );
}

/** Captures the logger's warnings. */
function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

async function connectWhenReady(): Promise<Mesh> {
  let mesh: Mesh | undefined;
  // Two of three nodes elect a meta leader within seconds; until then JetStream does not answer.
  await waitFor(
    async () => {
      try {
        mesh = await connectMesh({ servers: [`nats://127.0.0.1:${nodes[0]!.client}`], name: "provision-test", contract: uniqueContract("pr"), replicas: 3, jsTimeoutMs: 2_000 });
        await mesh.jsm.getAccountInfo();
        return true;
      } catch {
        await mesh?.close().catch(() => {});
        mesh = undefined;
        return false;
      }
    },
    "JetStream answering on two of three nodes",
    60_000,
  );
  return mesh!;
}

let mesh: Mesh;

beforeAll(async () => {
  startNode(0);
  startNode(1);
  mesh = await connectWhenReady();
}, 90_000);

afterAll(async () => {
  await mesh?.close().catch(() => {});
  for (const p of procs) p.kill("SIGTERM");
  await Promise.all(procs.map((p) => p.exited));
  rmSync(dir, { recursive: true, force: true });
});

describe("provisioning waits for the cluster", () => {
  test("with two of three nodes, R3 streams cannot be placed: it gives up after its overall timeout", async () => {
    const { logger, lines } = capture();
    const err = await ensureStreamsWhenPlaceable(mesh, { timeoutMs: 3_000, intervalMs: 200, logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MeshProvisionError);
    expect(String((err as Error).message)).toContain("could not be placed within 3 s");
    expect(isPlacementPending(err)).toBe(true);
    expect(lines.some((l) => String(l.msg).includes("cannot be placed yet"))).toBe(true);
  }, 60_000);

  test("the third node starts late: it waits, logs, and provisions every stream with 3 replicas", async () => {
    const { logger, lines } = capture();
    const provisioning = ensureStreamsWhenPlaceable(mesh, { timeoutMs: 120_000, intervalMs: 200, logger });
    await waitFor(() => lines.some((l) => String(l.msg).includes("cannot be placed yet")), "a retry log line", 30_000);
    startNode(2);
    const infos = await provisioning;
    expect(infos.length).toBe(Object.keys(mesh.contract.streams).length);
    for (const info of infos) expect(info.config.num_replicas).toBe(3);
    expect(lines.some((l) => String(l.msg).includes("streams provisioned"))).toBe(true);
  }, 150_000);

  test("an error the cluster will not clear is not retried", () => {
    expect(isPlacementPending(new MeshProvisionError('stream X exists with retention "limits" but the contract wants "workqueue"'))).toBe(false);
  });
});
