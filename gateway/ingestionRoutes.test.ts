// The issue-3 routes over a fake MeshPort: API keys, validation (400 listing each bad entry,
// 413 above the size limits), 202 + Location vs 200 after ?wait, 404 for unknown jobs.
import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { createApiKeyVerifier } from "./auth/apiKeys.ts";
import type { GatewayOptions, MeshPort } from "./types.ts";
import type { ActivityQuery, DevicePing, IngestJob, JobRecord, ReportBatch } from "../mesh/messages.ts";
import { recordFinished, recordQueued } from "../mesh/mod.ts";

const KEY = "test-key-1";
const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };

interface Fake {
  port: MeshPort;
  jobs: Map<string, JobRecord>;
  ingested: IngestJob[];
  reports: ReportBatch[];
  pings: DevicePing[];
  activityQueries: ActivityQuery[];
}

function fakePort(opts: { finishOnWait?: boolean } = {}): Fake {
  const jobs = new Map<string, JobRecord>();
  const f: Omit<Fake, "port"> = { jobs, ingested: [], reports: [], pings: [], activityQueries: [] };
  const now = () => new Date().toISOString();
  const queue = (jobId: string, source: string, location: string | null, origin: "api" | "reports", owner?: string) => {
    const dup = jobs.has(jobId);
    if (!dup) jobs.set(jobId, recordQueued(null, { jobId, source, origin, location, requestedAt: now(), owner }, now()));
    return { duplicate: dup, record: jobs.get(jobId)! };
  };
  const counts = { accepted: 3, rejected: 0, unchanged: 0, revised: 0, regions: 0 };
  const mine: Partial<MeshPort> = {
    async submitIngest(job, _ctx, o) {
      f.ingested.push(job);
      return queue(job.jobId, job.source, job.url ?? job.file ?? null, "api", o?.owner);
    },
    async submitReports(batch, _ctx, o) {
      f.reports.push(batch);
      return queue(batch.jobId, "reports", null, "reports", o?.owner);
    },
    async job(id) {
      return jobs.get(id) ?? null;
    },
    async waitForJob(id) {
      const r = jobs.get(id) ?? null;
      if (!r || !opts.finishOnWait) return r;
      const done = recordFinished(r, { jobId: id, source: r.source, state: "done", counts }, now());
      jobs.set(id, done);
      return done;
    },
    async submitActivity(batch) {
      f.pings.push(...batch.pings);
      return { received: batch.pings.length, accepted: batch.pings.length, unlocated: 0, rejected: 0 };
    },
    async activity(q) {
      f.activityQueries.push(q);
      return { regionId: q.regionId, from: q.from, to: q.to, k: 10, hourly: [], daily: [] };
    },
    onDataChanged: () => () => {},
  };
  return { ...f, port: mine as MeshPort };
}

function app(fake: Fake, extra: Partial<GatewayOptions> = {}) {
  return createApp({ mesh: fake.port, requestTimeoutMs: 500, apiKeys: createApiKeyVerifier({ keys: [KEY] }), ...extra });
}

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  return (await res.json()) as { detail?: string; errors?: { path: string; message: string }[] };
}

const post = (a: ReturnType<typeof app>, path: string, body: unknown, headers: Record<string, string> = auth) =>
  a.request(path, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("POST /v1/ingest", () => {
  const url = "https://example.org/time_series_covid19_confirmed_US.csv";

  test("needs an API key", async () => {
    await problem(await post(app(fakePort()), "/v1/ingest", { source: "jhu-us-cases", url }, { "content-type": "application/json" }), 401);
  });

  test("answers 202 with the queued job and where to follow it", async () => {
    const fake = fakePort();
    const res = await post(app(fake), "/v1/ingest", { source: "jhu-us-cases", url });
    expect(res.status).toBe(202);
    const body = (await res.json()) as JobRecord & { links: { self: string } };
    expect(body.state).toBe("queued");
    expect(res.headers.get("location")).toBe(`/v1/jobs/${body.jobId}`);
    expect(body.links.self).toBe(`/v1/jobs/${body.jobId}`);
    expect(fake.ingested).toEqual([expect.objectContaining({ source: "jhu-us-cases", url, jobId: body.jobId })]);
  });

  test("?wait=N answers 200 with the finished job when it ends in time", async () => {
    const res = await post(app(fakePort({ finishOnWait: true })), "/v1/ingest?wait=5", { source: "jhu-us-cases", url });
    expect(res.status).toBe(200);
    expect(((await res.json()) as JobRecord).counts.accepted).toBe(3);
  });

  test("an Idempotency-Key makes a retry find the same job", async () => {
    const fake = fakePort();
    const a = app(fake);
    const h = { ...auth, "idempotency-key": "batch-2024-05-01" };
    const one = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url }, h)).json()) as JobRecord;
    const two = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url }, h)).json()) as JobRecord;
    expect(two.jobId).toBe(one.jobId);
  });

  test("bad requests are 400 with each problem listed; unknown sources are refused", async () => {
    const a = app(fakePort(), { ingest: { sources: ["jhu-us-cases"] } });
    const both = await problem(await post(a, "/v1/ingest", { source: "jhu-us-cases", url, file: "x.csv" }), 400);
    expect(both.errors!.map((e) => e.path)).toContain("url");
    const scheme = await problem(await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "file:///etc/passwd" }), 400);
    expect(scheme.errors![0].path).toBe("url");
    const unknown = await problem(await post(a, "/v1/ingest", { source: "no-such-source", url }), 400);
    expect(unknown.errors![0].path).toBe("source");
    await problem(await post(a, "/v1/ingest?wait=61", { source: "jhu-us-cases", url }), 400);
    await problem(await post(a, "/v1/ingest", "{not json"), 400);
  });

  test("file paths: refused without INGEST_FILE_ROOT, and outside it", async () => {
    await problem(await post(app(fakePort()), "/v1/ingest", { source: "jhu-us-cases", file: "/etc/passwd" }), 403);
    const root = mkdtempSync(join(tmpdir(), "covidmesh-root-"));
    const fake = fakePort();
    const a = app(fake, { ingest: { fileRoot: root } });
    await problem(await post(a, "/v1/ingest", { source: "jhu-us-cases", file: "../../etc/passwd" }), 403);
    await problem(await post(a, "/v1/ingest", { source: "jhu-us-cases", file: "/etc/passwd" }), 403);
    expect((await post(a, "/v1/ingest", { source: "jhu-us-cases", file: "jhu/cases.csv.gz" })).status).toBe(202);
    expect(fake.ingested[0].file).toBe(join(root, "jhu/cases.csv.gz"));
    // The worker checks the path again, by real path, inside this root.
    expect(fake.ingested[0].fileRoot).toBe(root);
  });
});

describe("GET /v1/jobs/:id", () => {
  const withKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

  test("shows state, progress and counts; 404 for an unknown id; 400 for a malformed one", async () => {
    const fake = fakePort();
    const a = app(fake);
    const { jobId } = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/x.csv" })).json()) as JobRecord;
    const res = await a.request(`/v1/jobs/${jobId}`, withKey(KEY));
    expect(res.status).toBe(200);
    const body = (await res.json()) as JobRecord;
    expect(body).toMatchObject({ jobId, state: "queued", progress: { bytesRead: 0, rowsRead: 0 }, counts: { accepted: 0, rejected: 0, unchanged: 0, revised: 0 } });
    expect(body).not.toHaveProperty("owner");
    await problem(await a.request("/v1/jobs/nope", withKey(KEY)), 404);
    await problem(await a.request("/v1/jobs/bad.id", withKey(KEY)), 400);
  });

  test("needs the key that created the job, or an admin key; another key sees 404", async () => {
    const fake = fakePort();
    const a = app(fake, { apiKeys: createApiKeyVerifier({ keys: [KEY, "other-key"] }), adminKeys: createApiKeyVerifier({ keys: ["admin-key"] }) });
    const { jobId } = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/x.csv" })).json()) as JobRecord;
    await problem(await a.request(`/v1/jobs/${jobId}`), 401);
    await problem(await a.request(`/v1/jobs/${jobId}`, withKey("not-a-key")), 401);
    await problem(await a.request(`/v1/jobs/${jobId}`, withKey("other-key")), 404);
    expect((await a.request(`/v1/jobs/${jobId}`, withKey(KEY))).status).toBe(200);
    expect((await a.request(`/v1/jobs/${jobId}`, withKey("admin-key"))).status).toBe(200);
    // A job no key created (scheduler, CLI) is for admin keys only.
    fake.jobs.set("sched-1", recordQueued(null, { jobId: "sched-1", source: "jhu-us-cases", origin: "schedule", location: null, requestedAt: "2024-01-01T00:00:00Z" }, "2024-01-01T00:00:00Z"));
    await problem(await a.request("/v1/jobs/sched-1", withKey(KEY)), 404);
    expect((await a.request("/v1/jobs/sched-1", withKey("admin-key"))).status).toBe(200);
  });

  test("a failed job shows a category, never the underlying message", async () => {
    const fake = fakePort();
    const a = app(fake);
    const { jobId } = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/x.csv" })).json()) as JobRecord;
    const zero = { accepted: 0, rejected: 0, unchanged: 0, revised: 0, regions: 0 };
    const t = new Date().toISOString();
    // A record written before errors were categories: its text names a host and a port.
    fake.jobs.set(jobId, recordFinished(fake.jobs.get(jobId)!, { jobId, source: "jhu-us-cases", state: "failed", counts: zero, error: "SourceFetchError: cannot read http://10.0.0.5:5432/: ECONNREFUSED" }, t));
    expect(((await (await a.request(`/v1/jobs/${jobId}`, withKey(KEY))).json()) as JobRecord).error).toBe("internal");
    const second = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/y.csv" })).json()) as JobRecord;
    fake.jobs.set(second.jobId, recordFinished(fake.jobs.get(second.jobId)!, { jobId: second.jobId, source: "jhu-us-cases", state: "failed", counts: zero, error: "source_unreachable" }, t));
    expect(((await (await a.request(`/v1/jobs/${second.jobId}`, withKey(KEY))).json()) as JobRecord).error).toBe("source_unreachable");
  });
});

describe("POST /v1/reports", () => {
  const good = { fips: "36061", date: "2020-12-31", cumulativeCases: 400000, newCases: 2100 };

  test("needs an API key", async () => {
    await problem(await post(app(fakePort()), "/v1/reports", { reports: [good] }, { "content-type": "application/json", authorization: "Bearer wrong" }), 401);
  });

  test("a valid batch is queued as one job", async () => {
    const fake = fakePort();
    const res = await post(app(fake), "/v1/reports", { reports: [good, { iso3: "DEU", date: "2021-01-02", newDeaths: 3 }, { regionId: 84006037, date: "2021-01-02", cumulativeDeaths: 10 }] });
    expect(res.status).toBe(202);
    const body = (await res.json()) as JobRecord;
    expect(body.source).toBe("reports");
    expect(fake.reports[0].reports).toHaveLength(3);
    expect(fake.reports[0].jobId).toBe(body.jobId);
  });

  test("bad entries are all listed in one 400, and nothing is queued", async () => {
    const fake = fakePort();
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const body = await problem(
      await post(app(fake), "/v1/reports", {
        reports: [
          good,
          { fips: "3606", date: "2020-12-31", cumulativeCases: 1 }, // bad FIPS
          { fips: "36061", iso3: "USA", date: "2020-12-31", newCases: 1 }, // two region codes
          { fips: "36047", date: "2020-12-31" }, // no figure
          { fips: "36047", date: future, newCases: 1 }, // future
          { fips: "36061", date: "2020-12-31", newCases: 5 }, // duplicate of entry 0
          { fips: "36081", date: "2020-13-01", cumulativeCases: -1 }, // bad date, negative cumulative
        ],
      }),
      400,
    );
    const paths = body.errors!.map((e) => e.path);
    for (const p of ["reports.1.fips", "reports.2", "reports.3", "reports.4.date", "reports.5", "reports.6.date", "reports.6.cumulativeCases"]) {
      expect(paths).toContain(p);
    }
    expect(paths.some((p) => p.startsWith("reports.0"))).toBe(false);
    expect(fake.reports).toHaveLength(0);
  });

  test("above the size limit: 413", async () => {
    const reports = Array.from({ length: 300 }, (_, i) => ({ regionId: 84000000 + i, date: "2020-12-31", cumulativeCases: i }));
    await problem(await post(app(fakePort(), { reportsMaxBytes: 4096 }), "/v1/reports", { reports }), 413);
  });
});

describe("activity", () => {
  const ping = { deviceId: "device-1", lat: 40.7128, lon: -74.006, time: "2024-05-01T10:15:00Z" };

  test("POST /v1/activity takes a batch without an API key and answers 202", async () => {
    const fake = fakePort();
    const res = await post(app(fake), "/v1/activity", { pings: [ping, { ...ping, deviceId: "device-2" }] }, { "content-type": "application/json" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ received: 2, accepted: 2, unlocated: 0, rejected: 0 });
    expect(fake.pings).toHaveLength(2);
  });

  test("bodies above 10 KB are 413; bad pings are 400 by index", async () => {
    const many = { pings: Array.from({ length: 200 }, (_, i) => ({ ...ping, deviceId: `device-${i}` })) };
    expect(JSON.stringify(many).length).toBeGreaterThan(10 * 1024);
    await problem(await post(app(fakePort()), "/v1/activity", many), 413);
    const bad = await problem(await post(app(fakePort()), "/v1/activity", { pings: [ping, { ...ping, lat: 91 }, { ...ping, time: "yesterday" }] }), 400);
    expect(bad.errors!.map((e) => e.path)).toEqual(["pings.1.lat", "pings.2.time"]);
  });

  test("GET /v1/regions/:id/activity asks the mesh for a range (default: the last 7 days)", async () => {
    const fake = fakePort();
    const res = await app(fake).request("/v1/regions/84036061/activity");
    expect(res.status).toBe(200);
    const q = fake.activityQueries[0];
    expect(q.regionId).toBe(84036061);
    expect(Date.parse(q.to) - Date.parse(q.from)).toBe(7 * 86_400_000);
    await problem(await app(fake).request("/v1/regions/84036061/activity?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z"), 400);
  });
});

test("the OpenAPI document describes the new routes", async () => {
  const doc = (await (await app(fakePort()).request("/openapi.json")).json()) as { paths: Record<string, unknown> };
  for (const p of ["/v1/ingest", "/v1/jobs/{id}", "/v1/reports", "/v1/activity", "/v1/regions/{id}/activity"]) expect(doc.paths[p]).toBeDefined();
});
