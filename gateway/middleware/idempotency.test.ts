// Idempotency-Key bound to the client and the body: another client's batch under the same key
// is its own job (it used to be dropped as a duplicate); the same key with another body is 422.
import { describe, expect, test } from "bun:test";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";

import { expectProblem, fakeMesh, testApp } from "../testSupport.ts";
import { createIdempotencyLedger } from "./idempotency.ts";
import type { JobRecord, ReportBatch } from "../../domain/mod.ts";
import { recordQueued } from "../../jobs/mod.ts";

function jobsMesh() {
  const jobs = new Map<string, JobRecord>();
  const batches: ReportBatch[] = [];
  const queue = (jobId: string, source: string) => {
    const existing = jobs.get(jobId);
    if (existing) return { duplicate: true, record: existing };
    const record = recordQueued(null, { jobId, source, origin: "reports", location: null, requestedAt: new Date().toISOString() }, new Date().toISOString());
    jobs.set(jobId, record);
    return { duplicate: false, record };
  };
  const mesh = fakeMesh({
    async submitReports(batch) {
      const r = queue(batch.jobId, "reports");
      if (!r.duplicate) batches.push(batch);
      return r;
    },
    async submitIngest(job) {
      return queue(job.jobId, job.source);
    },
    async job(id) {
      return jobs.get(id) ?? null;
    },
  });
  return { mesh, batches };
}

const report = (newCases: number) => ({ reports: [{ fips: "36061", date: "2024-05-01", newCases }] });

describe("Idempotency-Key", () => {
  const setup = () => {
    const { mesh, batches } = jobsMesh();
    const app = testApp(mesh, { apiKeys: createApiKeyVerifier({ keys: ["client-a", "client-b"] }) });
    const post = (key: string, body: unknown, idem = "batch-1") =>
      app.request("/v1/reports", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": idem },
        body: JSON.stringify(body),
      });
    return { post, batches };
  };

  test("another client's batch under the same key is its own job, not a dropped duplicate", async () => {
    const { post, batches } = setup();
    const a = (await (await post("client-a", report(5))).json()) as JobRecord;
    const b = (await (await post("client-b", report(7))).json()) as JobRecord;
    expect(b.jobId).not.toBe(a.jobId);
    expect(batches.map((x) => x.reports[0].newCases)).toEqual([5, 7]);
  });

  test("a retry of the same request finds its job; the same key with another body is 422", async () => {
    const { post, batches } = setup();
    const first = (await (await post("client-a", report(5))).json()) as JobRecord;
    const retry = (await (await post("client-a", report(5))).json()) as JobRecord;
    expect(retry.jobId).toBe(first.jobId);
    const body = await expectProblem(await post("client-a", report(6)), 422);
    expect(String(body.detail)).toContain("different request body");
    expect(batches).toHaveLength(1);
    // A new key is a new request.
    expect((await post("client-a", report(6), "batch-2")).status).toBe(202);
    expect(batches).toHaveLength(2);
  });

  test("on POST /v1/ingest too", async () => {
    const { mesh } = jobsMesh();
    const app = testApp(mesh, { apiKeys: createApiKeyVerifier({ keys: ["client-a"] }) });
    const post = (url: string) =>
      app.request("/v1/ingest", {
        method: "POST",
        headers: { authorization: "Bearer client-a", "content-type": "application/json", "idempotency-key": "k" },
        body: JSON.stringify({ source: "jhu-us-cases", url }),
      });
    expect((await post("https://example.org/a.csv")).status).toBe(202);
    await expectProblem(await post("https://example.org/b.csv"), 422);
  });
});

describe("the ledger", () => {
  test("forgets keys after the TTL and keeps at most maxEntries", () => {
    const ledger = createIdempotencyLedger({ maxEntries: 3, ttlMs: 1000 });
    ledger.check("s1", "d1", 0);
    expect(() => ledger.check("s1", "d2", 10)).toThrow();
    ledger.check("s1", "d2", 1000); // expired: a new use
    for (const s of ["s2", "s3", "s4", "s5"]) ledger.check(s, "d", 1001);
    expect(ledger.size()).toBe(3);
  });
});
