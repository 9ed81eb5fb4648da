// `covid-mesh ingest --wait` against a running system: plain progress lines on a pipe, and the
// --json line last and exact.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startTestSystem, type TestSystem } from "./testSupport.ts";

let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem("ingestcmd", { load: "lookup+cases" });
});
afterAll(() => t?.stop());

describe("covid-mesh ingest --wait", () => {
  test("prints plain progress lines when not on a terminal; the --json line stays last and exact", async () => {
    const proc = Bun.spawn(["./node_modules/.bin/bun", "cli/main.ts", "ingest", "jhu-us-cases", "--file", t.smallCases, "--wait", "--json"], {
      cwd: join(import.meta.dir, ".."),
      env: { ...process.env, NATS_URL: t.system.natsUrl, MESH_PREFIX: t.config.MESH_PREFIX, DATA_DIR: t.config.dataDir, LOG_LEVEL: "silent" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(0);
    const last = JSON.parse(out.trim().split("\n").pop()!);
    expect(Object.keys(last)).toEqual(["job", "source", "accepted", "rejected", "unchanged", "ms"]);
    expect(last).toMatchObject({ source: "jhu-us-cases", accepted: 0, rejected: 0 });
    expect(last.unchanged).toBeGreaterThan(100);
    const progress = err.split("\n").filter((l) => l.startsWith(`progress ${last.job}: `));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(err).not.toContain("\x1b"); // no terminal control codes in a pipe
    expect(progress[progress.length - 1]).toContain("done");
  });
});
