// POST /v1/ingest over a fake mesh: API key, validation (400 listing each bad entry), file root,
// 202 + Location vs 200 after ?wait, Idempotency-Key.
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auth, expectProblem, fakeJobsMesh, keyedApp, post } from "../testSupport.ts";
import type { JobRecord } from "../../domain/mod.ts";

describe("POST /v1/ingest", () => {
  const url = "https://example.org/time_series_covid19_confirmed_US.csv";

  test("needs an API key", async () => {
    await expectProblem(await post(keyedApp(fakeJobsMesh()), "/v1/ingest", { source: "jhu-us-cases", url }, { "content-type": "application/json" }), 401);
  });

  test("answers 202 with the queued job and where to follow it", async () => {
    const fake = fakeJobsMesh();
    const res = await post(keyedApp(fake), "/v1/ingest", { source: "jhu-us-cases", url });
    expect(res.status).toBe(202);
    const body = (await res.json()) as JobRecord & { links: { self: string } };
    expect(body.state).toBe("queued");
    expect(res.headers.get("location")).toBe(`/v1/jobs/${body.jobId}`);
    expect(body.links.self).toBe(`/v1/jobs/${body.jobId}`);
    expect(fake.ingested).toEqual([expect.objectContaining({ source: "jhu-us-cases", url, jobId: body.jobId })]);
  });

  test("?wait=N answers 200 with the finished job when it ends in time", async () => {
    const res = await post(keyedApp(fakeJobsMesh({ finishOnWait: true })), "/v1/ingest?wait=5", { source: "jhu-us-cases", url });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JobRecord).counts.accepted).toBe(3);
  });

  test("an Idempotency-Key makes a retry find the same job", async () => {
    const fake = fakeJobsMesh();
    const a = keyedApp(fake);
    const h = { ...auth, "idempotency-key": "batch-2024-05-01" };
    const one = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url }, h)).json()) as JobRecord;
    const two = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url }, h)).json()) as JobRecord;
    expect(two.jobId).toBe(one.jobId);
  });

  test("bad requests are 400 with each problem listed; unknown sources are refused", async () => {
    const a = keyedApp(fakeJobsMesh(), { ingest: { sources: ["jhu-us-cases"] } });
    const both = await expectProblem(await post(a, "/v1/ingest", { source: "jhu-us-cases", url, file: "x.csv" }), 400);
    expect(both.errors!.map((e) => e.path)).toContain("url");
    const scheme = await expectProblem(await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "file:///etc/passwd" }), 400);
    expect(scheme.errors![0].path).toBe("url");
    const unknown = await expectProblem(await post(a, "/v1/ingest", { source: "no-such-source", url }), 400);
    expect(unknown.errors![0].path).toBe("source");
    await expectProblem(await post(a, "/v1/ingest?wait=61", { source: "jhu-us-cases", url }), 400);
    await expectProblem(await post(a, "/v1/ingest", "{not json"), 400);
  });

  test("file paths: refused without INGEST_FILE_ROOT, and outside it", async () => {
    await expectProblem(await post(keyedApp(fakeJobsMesh()), "/v1/ingest", { source: "jhu-us-cases", file: "/etc/passwd" }), 403);
    const root = mkdtempSync(join(tmpdir(), "covidmesh-root-"));
    const fake = fakeJobsMesh();
    const a = keyedApp(fake, { ingest: { fileRoot: root } });
    await expectProblem(await post(a, "/v1/ingest", { source: "jhu-us-cases", file: "../../etc/passwd" }), 403);
    await expectProblem(await post(a, "/v1/ingest", { source: "jhu-us-cases", file: "/etc/passwd" }), 403);
    expect((await post(a, "/v1/ingest", { source: "jhu-us-cases", file: "jhu/cases.csv.gz" })).status).toBe(202);
    expect(fake.ingested[0].file).toBe(join(root, "jhu/cases.csv.gz"));
    // The worker checks the path again, by real path, inside this root.
    expect(fake.ingested[0].fileRoot).toBe(root);
  });
});
