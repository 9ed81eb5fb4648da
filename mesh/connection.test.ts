import { afterAll, describe, expect, test } from "bun:test";
import { connectMesh } from "./connection.ts";
import { MeshConnectError } from "./errors.ts";
import { closeAll, installShutdown } from "./shutdown.ts";
import { TEST_NATS_URL, uniqueContract, waitFor } from "./testSupport.ts";

const contract = uniqueContract();

describe("connectMesh", () => {
  test("connects with JetStream, names its source, and close() is idempotent", async () => {
    const mesh = await connectMesh({ servers: TEST_NATS_URL, name: "conn-test", contract });
    expect(mesh.source).toStartWith("conn-test@");
    expect(mesh.contract).toBe(contract);
    expect((await mesh.jsm.getAccountInfo()).limits).toBeDefined();
    const a = mesh.close();
    const b = mesh.close();
    expect(b).toBe(a);
    await a;
    expect(mesh.nc.isClosed()).toBe(true);
    await mesh.close();
  });

  test("an unreachable server is a MeshConnectError", async () => {
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    await expect(connectMesh({ servers: `nats://127.0.0.1:${port}`, name: "x", contract })).rejects.toBeInstanceOf(MeshConnectError);
  });
});

describe("shutdown", () => {
  const uninstalls: (() => void)[] = [];
  afterAll(() => uninstalls.forEach((u) => u()));

  test("closeAll closes in order and keeps going after a failure", async () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    await closeAll(
      [
        { stop: async () => void order.push("pool") },
        async () => {
          order.push("boom");
          throw new Error("boom");
        },
        { close: async () => void order.push("mesh") },
      ],
      (e) => errors.push(e),
    );
    expect(order).toEqual(["pool", "boom", "mesh"]);
    expect(errors).toHaveLength(1);
  });

  test("a signal runs the closers once; uninstall removes the handler", async () => {
    let closed = 0;
    const before = process.listenerCount("SIGUSR2");
    const uninstall = installShutdown([async () => void closed++], ["SIGUSR2"], { exit: false });
    uninstalls.push(uninstall);
    expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
    process.emit("SIGUSR2", "SIGUSR2");
    await waitFor(() => closed === 1, "closers run");
    expect(closed).toBe(1);
    uninstall();
    expect(process.listenerCount("SIGUSR2")).toBe(before);
  });
});
