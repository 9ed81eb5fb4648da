import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectTestMesh, uniqueContract, waitFor } from "../mesh/testSupport.ts";
import { startHealthHeartbeat } from "./healthHeartbeat.ts";

const dir = mkdtempSync(join(tmpdir(), "covidmesh-heartbeat-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("startHealthHeartbeat", () => {
  test("writes the file while NATS answers, and removes it on close", async () => {
    const mesh = await connectTestMesh(uniqueContract());
    const file = join(dir, "svc.health");
    const beat = startHealthHeartbeat(mesh, file, 50);
    try {
      await waitFor(() => existsSync(file), "health file written");
      const first = readFileSync(file, "utf8");
      expect(Number.isNaN(Date.parse(first.trim()))).toBe(false);
      await waitFor(() => readFileSync(file, "utf8") !== first, "health file refreshed");
    } finally {
      await beat.close();
      await mesh.close();
    }
    expect(existsSync(file)).toBe(false);
  });

  test("a closed connection writes nothing", async () => {
    const mesh = await connectTestMesh(uniqueContract());
    await mesh.close();
    const file = join(dir, "closed.health");
    const beat = startHealthHeartbeat(mesh, file, 20);
    await Bun.sleep(100);
    await beat.close();
    expect(existsSync(file)).toBe(false);
  });
});
