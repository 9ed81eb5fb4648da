// Fault injection: a private nats-server is killed and restarted on the same port and store;
// the connection must come back by itself and the worker pool must resume.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { z } from "zod";
import { connectMesh } from "./connection.ts";
import { ensureStream } from "./provision.ts";
import { publish } from "./publish.ts";
import { uniqueContract, waitFor } from "./testSupport.ts";
import { runWorkerPool } from "./workerPool.ts";
import type { MessageDef } from "./types.ts";

const job: MessageDef<{ n: number }> = { type: "test.job", version: 1, schema: z.object({ n: z.number().int() }) };
const storeDir = mkdtempSync(join(tmpdir(), "mesh-reconnect-"));
let server: Subprocess | null = null;

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

async function startServer(port: number): Promise<Subprocess> {
  const proc = Bun.spawn(["nats-server", "-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], {
    stdout: "ignore",
    stderr: "ignore",
  });
  await waitFor(async () => {
    try {
      const conn = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
      conn.end();
      return true;
    } catch {
      return false;
    }
  }, `nats-server on port ${port}`);
  return proc;
}

async function killServer(): Promise<void> {
  if (!server) return;
  server.kill("SIGKILL");
  await server.exited;
  server = null;
}

afterAll(async () => {
  await killServer();
  rmSync(storeDir, { recursive: true, force: true });
});

/** Publishing right after a restart can fail while JetStream recovers: retry like a producer would. */
async function publishWithRetry(mesh: Parameters<typeof publish>[0], subject: string, n: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await publish(mesh, subject, job, { n }, { id: `job-${n}`, timeoutMs: 1000 });
      return;
    } catch (err) {
      if (attempt >= 40) throw err;
      await Bun.sleep(100);
    }
  }
}

describe("reconnect", () => {
  test("the mesh reconnects after a server restart and the pool resumes", async () => {
    const port = freePort();
    server = await startServer(port);
    const contract = uniqueContract();
    const statuses: string[] = [];
    const mesh = await connectMesh({
      servers: `nats://127.0.0.1:${port}`,
      name: "reconnect-test",
      contract,
      reconnect: { timeWaitMs: 250 },
      onStatus: (s) => statuses.push(s.type),
    });
    const stream = `${contract.prefix.toUpperCase()}_WORK`;
    const subject = `${contract.prefix}.work.a`;
    await ensureStream(mesh.jsm, { name: stream, subjects: [subject], retention: "workqueue", maxAgeMs: 600_000, duplicateWindowMs: 60_000 });
    const handled = new Set<number>();
    const pool = await runWorkerPool(mesh, {
      stream,
      durable: "w",
      filterSubject: subject,
      def: job,
      backoffMs: [50],
      ackWaitMs: 2000,
      fetchExpiresMs: 1000,
      handler: async (m) => {
        handled.add(m.value.n);
      },
    });
    try {
      for (let n = 0; n < 5; n++) await publishWithRetry(mesh, subject, n);
      await waitFor(() => handled.size === 5, "messages before the restart");

      await killServer();
      await waitFor(() => statuses.includes("disconnect"), "disconnect status");
      server = await startServer(port);
      await waitFor(() => statuses.includes("reconnect"), "reconnect status", 10_000);
      expect(mesh.nc.isClosed()).toBe(false);

      for (let n = 5; n < 10; n++) await publishWithRetry(mesh, subject, n);
      await waitFor(() => handled.size === 10, "messages after the restart", 10_000);
      expect([...handled].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await pool.stop();
      await mesh.close();
    }
  }, 20_000);
});
