// GET /v1/jobs/:id over a fake mesh: the creating key or an admin key reads a job; errors are categories.
import { describe, expect, test } from "bun:test";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";
import { recordFinished, recordQueued } from "../../jobs/mod.ts";
import { expectProblem, fakeJobsMesh, KEY, keyedApp, post } from "../testSupport.ts";
import type { JobRecord } from "../../domain/mod.ts";

const withKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

describe("GET /v1/jobs/:id", () => {
  test("shows state, progress and counts; 404 for an unknown id; 400 for a malformed one", async () => {
    const fake = fakeJobsMesh();
    const a = keyedApp(fake);
    const { jobId } = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/x.csv" })).json()) as JobRecord;
    const res = await a.request(`/v1/jobs/${jobId}`, withKey(KEY));
    expect(res.status).toBe(200);
    const body = (await res.json()) as JobRecord;
    expect(body).toMatchObject({ jobId, state: "queued", progress: { bytesRead: 0, rowsRead: 0 }, counts: { accepted: 0, rejected: 0, unchanged: 0, revised: 0 } });
    expect(body).not.toHaveProperty("owner");
    await expectProblem(await a.request("/v1/jobs/nope", withKey(KEY)), 404);
    await expectProblem(await a.request("/v1/jobs/bad.id", withKey(KEY)), 400);
  });

  test("needs the key that created the job, or an admin key; another key sees 404", async () => {
    const fake = fakeJobsMesh();
    const a = keyedApp(fake, { apiKeys: createApiKeyVerifier({ keys: [KEY, "other-key"] }), adminKeys: createApiKeyVerifier({ keys: ["admin-key"] }) });
    const { jobId } = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/x.csv" })).json()) as JobRecord;
    await expectProblem(await a.request(`/v1/jobs/${jobId}`), 401);
    await expectProblem(await a.request(`/v1/jobs/${jobId}`, withKey("not-a-key")), 401);
    await expectProblem(await a.request(`/v1/jobs/${jobId}`, withKey("other-key")), 404);
    expect((await a.request(`/v1/jobs/${jobId}`, withKey(KEY))).status).toBe(200);
    expect((await a.request(`/v1/jobs/${jobId}`, withKey("admin-key"))).status).toBe(200);
    // A job no key created (scheduler, CLI) is for admin keys only.
    fake.jobs.set(
      "sched-1",
      recordQueued(null, { jobId: "sched-1", source: "jhu-us-cases", origin: "schedule", location: null, requestedAt: "2024-01-01T00:00:00Z" }, "2024-01-01T00:00:00Z"),
    );
    await expectProblem(await a.request("/v1/jobs/sched-1", withKey(KEY)), 404);
    expect((await a.request("/v1/jobs/sched-1", withKey("admin-key"))).status).toBe(200);
  });

  test("a failed job shows a category, never the underlying message", async () => {
    const fake = fakeJobsMesh();
    const a = keyedApp(fake);
    const { jobId } = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/x.csv" })).json()) as JobRecord;
    const zero = { accepted: 0, rejected: 0, unchanged: 0, revised: 0, regions: 0 };
    const t = new Date().toISOString();
    // A record written before errors were categories: its text names a host and a port.
    fake.jobs.set(
      jobId,
      recordFinished(
        fake.jobs.get(jobId)!,
        { jobId, source: "jhu-us-cases", state: "failed", counts: zero, error: "SourceFetchError: cannot read http://10.0.0.5:5432/: ECONNREFUSED" },
        t,
      ),
    );
    expect(((await (await a.request(`/v1/jobs/${jobId}`, withKey(KEY))).json()) as JobRecord).error).toBe("internal");
    const second = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/y.csv" })).json()) as JobRecord;
    fake.jobs.set(
      second.jobId,
      recordFinished(fake.jobs.get(second.jobId)!, { jobId: second.jobId, source: "jhu-us-cases", state: "failed", counts: zero, error: "source_unreachable" }, t),
    );
    expect(((await (await a.request(`/v1/jobs/${second.jobId}`, withKey(KEY))).json()) as JobRecord).error).toBe("source_unreachable");
  });
});
