// While a connection is reconnecting, a request fails at once with MeshDisconnectedError
// (the gateway answers 503 now, not at its deadline), and works again after the reconnect.
import { afterAll, describe, expect, test } from "bun:test";
import type { Subprocess } from "bun";
import { z } from "zod";
import { connectMesh, isLinked } from "./connection.ts";
import { MeshDisconnectedError, MeshClosedError } from "./errors.ts";
import { request, serve } from "./request.ts";
import { uniqueContract, waitFor } from "./testSupport.ts";
import type { MessageDef } from "./types.ts";

const ping: MessageDef<{ n: number }> = { type: "test.ping", version: 1, schema: z.object({ n: z.number() }) };
let server: Subprocess | null = null;

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

async function startServer(port: number): Promise<void> {
  server = Bun.spawn(["nats-server", "-js", "-a", "127.0.0.1", "-p", String(port)], { stdout: "ignore", stderr: "ignore" });
  await waitFor(async () => {
    try {
      const conn = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
      conn.end();
      return true;
    } catch {
      return false;
    }
  }, `nats-server on port ${port}`);
}

afterAll(async () => {
  server?.kill("SIGKILL");
  await server?.exited;
});

describe("requests while disconnected", () => {
  test("fail at once with MeshDisconnectedError, and succeed again after the reconnect", async () => {
    const port = freePort();
    await startServer(port);
    const contract = uniqueContract();
    const opts = { servers: `nats://127.0.0.1:${port}`, contract, reconnect: { timeWaitMs: 100 } };
    const client = await connectMesh({ ...opts, name: "ff-client" });
    const worker = await connectMesh({ ...opts, name: "ff-worker" });
    const subject = `${contract.prefix}.ping`;
    serve(worker, subject, { queue: "q", request: ping, response: ping, handler: async (v) => ({ n: v.n + 1 }) });
    await worker.nc.flush();
    // A deadline far beyond the test's: only failing fast can produce the error below in time.
    const ask = (n: number) => request(client, subject, ping, { n }, ping, { timeoutMs: 60_000 });
    try {
      expect((await ask(1)).value).toEqual({ n: 2 });
      expect(isLinked(client.nc)).toBe(true);

      server!.kill("SIGKILL");
      await server!.exited;
      await waitFor(() => !isLinked(client.nc), "client notices the disconnect");
      const err = await ask(2).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(MeshDisconnectedError);
      expect(err).toBeInstanceOf(MeshClosedError); // mapped to 503 wherever closed connections are

      await startServer(port);
      await waitFor(() => isLinked(client.nc) && isLinked(worker.nc), "both reconnect");
      await waitFor(
        async () =>
          (await ask(3).then(
            (r) => r.value.n,
            () => 0,
          )) === 4,
        "answers again",
      );
    } finally {
      await client.close();
      await worker.close();
    }
  }, 30_000);
});
