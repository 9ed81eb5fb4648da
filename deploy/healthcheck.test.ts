import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "covidmesh-health-"));
const script = join(import.meta.dir, "healthcheck.ts");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Async: the HTTP check needs this process's event loop free to answer.
async function check(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  const p = Bun.spawn([process.execPath, script], { env: { PATH: process.env.PATH ?? "", ...env }, stderr: "pipe" });
  const [code, stderr] = await Promise.all([p.exited, new Response(p.stderr).text()]);
  return { code, stderr };
}

describe("deploy/healthcheck.ts", () => {
  test("a fresh health file is healthy, a missing or stale one is not", async () => {
    const file = join(dir, "svc.health");
    expect(await check({ HEALTH_FILE: file })).toMatchObject({ code: 1 });
    writeFileSync(file, new Date().toISOString());
    expect((await check({ HEALTH_FILE: file })).code).toBe(0);
    const old = (Date.now() - 120_000) / 1000;
    utimesSync(file, old, old);
    const stale = await check({ HEALTH_FILE: file });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("old");
  });

  test("HEALTH_URL must answer 2xx", async () => {
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => new Response("", { status: new URL(req.url).pathname === "/healthz" ? 200 : 503 }) });
    try {
      const file = join(dir, "gw.health");
      writeFileSync(file, "now");
      expect((await check({ HEALTH_FILE: file, HEALTH_URL: `http://127.0.0.1:${server.port}/healthz` })).code).toBe(0);
      expect((await check({ HEALTH_FILE: file, HEALTH_URL: `http://127.0.0.1:${server.port}/down` })).code).toBe(1);
    } finally {
      server.stop(true);
    }
  });
});
