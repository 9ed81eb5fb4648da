// Source fetching through the whole ingestion path: a job naming a host off the allow-list, or
// redirected into the system (the gateway's /metrics), fails as not_allowed without the request
// being made; jobs pointing at a server that never answers fail as source_timeout and free
// their slots, so the next job runs.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { submitIngest } from "../../cli/ingestClient.ts";
import { startIngestionSystem, type IngestionSystem } from "./testSupport.ts";

const LOOKUP = join(import.meta.dir, "../../sample/UID_ISO_FIPS_LookUp_Table.csv.gz");

let system: IngestionSystem;
let server: ReturnType<typeof Bun.serve>;
const paths: string[] = [];

beforeAll(async () => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const path = new URL(req.url).pathname;
      paths.push(path);
      if (path === "/lookup.csv.gz") return new Response(readFileSync(LOOKUP));
      if (path === "/to-metrics") return Response.redirect(`http://localhost:${server.port}/metrics`, 302);
      if (path === "/metrics") return new Response("internal_metric 1\n");
      if (path === "/hang") return new Promise<Response>(() => {});
      if (path === "/down") return new Response("maintenance", { status: 503 });
      return new Response("no", { status: 404 });
    },
  });
  // Only 127.0.0.1 is trusted (as FETCH_ALLOWED_HOSTS=127.0.0.1 would); short deadlines.
  system = await startIngestionSystem({
    ingestConcurrency: 2,
    access: { trustedHosts: ["127.0.0.1"], headersTimeoutMs: 1_000, idleReadMs: 1_000, connectTimeoutMs: 2_000 },
  });
});

afterAll(async () => {
  await system?.stop();
  server?.stop(true);
});

async function ingest(source: string, url: string) {
  const job = await submitIngest(system.client, { source, url }, { timeoutMs: 120_000 });
  return job.done;
}

describe("source access in the covid-data worker", () => {
  test("a host off the allow-list fails as not_allowed, and no request is made", async () => {
    const before = paths.length;
    const ev = await ingest("jhu-lookup", `http://127.0.0.2:${server.port}/lookup.csv.gz`);
    expect(ev).toMatchObject({ state: "failed", error: "not_allowed" });
    expect(paths.length).toBe(before);
  });

  test("a redirect to a host that is not allowed (the system's own /metrics) is not followed", async () => {
    const ev = await ingest("jhu-lookup", `http://127.0.0.1:${server.port}/to-metrics`);
    expect(ev).toMatchObject({ state: "failed", error: "not_allowed" });
    expect(paths).toContain("/to-metrics");
    expect(paths).not.toContain("/metrics");
  });

  test("jobs at a server that never answers fail as source_timeout; the slots are free for the next job", async () => {
    const hung = await Promise.all(Array.from({ length: 4 }, () => ingest("jhu-lookup", `http://127.0.0.1:${server.port}/hang`)));
    expect(hung.map((e) => [e.state, e.error])).toEqual(Array.from({ length: 4 }, () => ["failed", "source_timeout"]));
    const ok = await ingest("jhu-lookup", `http://127.0.0.1:${server.port}/lookup.csv.gz`);
    expect(ok.state).toBe("done");
    expect(ok.counts!.regions).toBeGreaterThan(4_000);
  }, 180_000);

  test("a source that keeps failing is dead-lettered and its job ends failed, as source_unreachable", async () => {
    const before = paths.filter((p) => p === "/down").length;
    const ev = await ingest("jhu-lookup", `http://127.0.0.1:${server.port}/down`);
    expect(ev).toMatchObject({ state: "failed", error: "source_unreachable" });
    expect(paths.filter((p) => p === "/down").length - before).toBe(4); // every delivery tried once
  }, 120_000);
});
