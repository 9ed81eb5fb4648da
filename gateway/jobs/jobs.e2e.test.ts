// Jobs over HTTP on the real mesh and database: POST /v1/ingest (?wait), GET /v1/jobs/:id with
// state, progress and counts from NATS KV, 404 and 401.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { startTestSystem, type TestSystem } from "../../cli/testSupport.ts";
import type { JobRecord } from "../../domain/mod.ts";

let t: TestSystem;

beforeAll(async () => {
  t = await startTestSystem("jobs");
});
afterAll(() => t?.stop());

describe("jobs over HTTP, state in NATS KV", () => {
  test("POST /v1/ingest?wait answers with the finished job; GET /v1/jobs/:id shows state, progress and counts", async () => {
    const lookup = await t.postJson("/v1/ingest?wait=60", { source: "jhu-lookup", file: "lookup.csv.gz" });
    expect(lookup.status).toBe(200);
    const l = (await lookup.json()) as JobRecord;
    expect(l.state).toBe("done");
    expect(l.counts.regions).toBeGreaterThan(4000);

    const res = await t.postJson("/v1/ingest", { source: "jhu-us-cases", file: "cases.csv" });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as JobRecord;
    expect(res.headers.get("location")).toBe(`/v1/jobs/${queued.jobId}`);
    const done = (await (await t.getWithKey(`/v1/jobs/${queued.jobId}?wait=60`)).json()) as JobRecord;
    expect(done).toMatchObject({ state: "done", origin: "api", source: "jhu-us-cases" });
    expect(done.progress.rowsRead).toBe(4); // header + 3 counties
    expect(done.progress.bytesRead).toBe(readFileSync(t.smallCases).length);
    expect(done.progress.bytesTotal).toBe(readFileSync(t.smallCases).length);
    expect(done.progress.batchesDone).toBe(done.progress.batchesExpected!);
    expect(done.counts.accepted).toBeGreaterThan(100);
    expect(done.counts).toMatchObject({ rejected: 0, unchanged: 0, revised: 0 });

    // The same file again: everything unchanged, nothing written.
    const again = (await (await t.postJson("/v1/ingest?wait=60", { source: "jhu-us-cases", file: "cases.csv" })).json()) as JobRecord;
    expect(again.counts).toMatchObject({ accepted: 0, unchanged: done.counts.accepted });
  });

  test("unknown jobs are 404; writes without the key are 401", async () => {
    expect((await t.getWithKey("/v1/jobs/no-such-job")).status).toBe(404);
    expect((await t.api("/v1/jobs/no-such-job")).status).toBe(401);
    expect((await t.postJson("/v1/ingest", { source: "jhu-us-cases", file: "cases.csv" }, false)).status).toBe(401);
  });
});
