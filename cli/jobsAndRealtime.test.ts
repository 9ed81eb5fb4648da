// Issue 3, part B end to end on the real mesh and Postgres: jobs over HTTP with state in NATS
// KV, a pushed report changing /v1/risk, device activity with k-anonymity through the gateway,
// two schedulers running one schedule (each job runs once), and `covid-mesh ingest --wait`
// progress lines.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { startSystem, type System } from "./system.ts";
import { testConfig } from "./testing.ts";
import { createTestDatabase, type TestDatabase } from "../sql/testDatabase.ts";
import { connectMesh, deleteContractBuckets, openJobStore, type Enqueued, type Mesh } from "../mesh/mod.ts";
import { decodeMessage } from "../mesh/envelope.ts";
import { messages, type JobEvent, type JobRecord } from "../mesh/messages.ts";
import { startScheduler } from "../workers/scheduler/main.ts";

const KEY = "e2e-key";
const K = 3;
const NYC = 84036061;
const MANHATTAN = "lat=40.7128&lon=-74.0060&groupSize=100";
const sampleDir = join(import.meta.dir, "../sample");

let db: TestDatabase;
let config: ReturnType<typeof testConfig>;
let system: System;
let root: string;
let smallCases: string;

const api = (path: string, init: RequestInit = {}) => fetch(`${system.gateway.url}${path}`, init);
/** GET /v1/jobs/:id needs the key that created the job. */
const jobApi = (path: string) => api(path, { headers: { authorization: `Bearer ${KEY}` } });
const postJson = (path: string, body: unknown, auth = true) =>
  api(path, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${KEY}` } : {}) }, body: JSON.stringify(body) });

beforeAll(async () => {
  db = await createTestDatabase("covidmesh_jobs"); // Postgres, or PGlite on a run without one
  root = mkdtempSync(join(tmpdir(), "covidmesh-root-"));
  copyFileSync(join(sampleDir, "UID_ISO_FIPS_LookUp_Table.csv.gz"), join(root, "lookup.csv.gz"));
  // New York County and two neighbours from the bundled JHU sample: small, real.
  const lines = gunzipSync(readFileSync(join(sampleDir, "jhu_confirmed_US_sample.csv.gz"))).toString("utf8").split("\n");
  const keep = lines.filter((l, i) => i === 0 || /^840360(61|47|81),/.test(l));
  smallCases = join(root, "cases.csv");
  writeFileSync(smallCases, keep.join("\n") + "\n");
  config = testConfig({ DATABASE_URL: db.url, API_KEYS: KEY, INGEST_FILE_ROOT: root, ACTIVITY_K: String(K) });
  system = await startSystem(config, { quiet: true });
});

afterAll(async () => {
  if (system) {
    for (const spec of Object.values(system.client.contract.streams)) await system.client.jsm.streams.delete(spec.name).catch(() => {});
    await deleteContractBuckets(system.client);
    await system.stop();
  }
  await db?.drop();
  config?.cleanup();
});

describe("jobs over HTTP, state in NATS KV", () => {
  test("POST /v1/ingest?wait answers with the finished job; GET /v1/jobs/:id shows state, progress and counts", async () => {
    const lookup = await postJson("/v1/ingest?wait=60", { source: "jhu-lookup", file: "lookup.csv.gz" });
    expect(lookup.status).toBe(200);
    const l = (await lookup.json()) as JobRecord;
    expect(l.state).toBe("done");
    expect(l.counts.regions).toBeGreaterThan(4000);

    const res = await postJson("/v1/ingest", { source: "jhu-us-cases", file: "cases.csv" });
    expect(res.status).toBe(202);
    const queued = (await res.json()) as JobRecord;
    expect(res.headers.get("location")).toBe(`/v1/jobs/${queued.jobId}`);
    const done = (await (await jobApi(`/v1/jobs/${queued.jobId}?wait=60`)).json()) as JobRecord;
    expect(done).toMatchObject({ state: "done", origin: "api", source: "jhu-us-cases" });
    expect(done.progress.rowsRead).toBe(4); // header + 3 counties
    expect(done.progress.bytesRead).toBe(readFileSync(smallCases).length);
    expect(done.progress.bytesTotal).toBe(readFileSync(smallCases).length);
    expect(done.progress.batchesDone).toBe(done.progress.batchesExpected!);
    expect(done.counts.accepted).toBeGreaterThan(100);
    expect(done.counts).toMatchObject({ rejected: 0, unchanged: 0, revised: 0 });

    // The same file again: everything unchanged, nothing written.
    const again = (await (await postJson("/v1/ingest?wait=60", { source: "jhu-us-cases", file: "cases.csv" })).json()) as JobRecord;
    expect(again.counts).toMatchObject({ accepted: 0, unchanged: done.counts.accepted });
  });

  test("unknown jobs are 404; writes (and job reads) without the key are 401", async () => {
    expect((await jobApi("/v1/jobs/no-such-job")).status).toBe(404);
    expect((await api("/v1/jobs/no-such-job")).status).toBe(401);
    expect((await postJson("/v1/ingest", { source: "jhu-us-cases", file: "cases.csv" }, false)).status).toBe(401);
  });
});

describe("pushed reports", () => {
  test("a pushed report changes the /v1/risk answer for its region, and is stored apart from JHU's figures", async () => {
    await system.risk.rebuild();
    const before = (await (await api(`/v1/risk?${MANHATTAN}`)).json()) as any;
    expect(before.region.id).toBe(NYC);
    expect(before.asOf).toBe("2020-12-30");

    const report = { fips: "36061", date: "2020-12-31", cumulativeCases: before.metrics.cumulativeCases + 20_000, newCases: 20_000 };
    const t0 = performance.now();
    const res = await postJson("/v1/reports", { reports: [report, { fips: "99999", date: "2020-12-31", newCases: 1 }] });
    expect(res.status).toBe(202);
    const job = (await res.json()) as JobRecord;

    let after: any;
    for (;;) {
      after = await (await api(`/v1/risk?${MANHATTAN}`)).json();
      if (after.asOf === "2020-12-31" || performance.now() - t0 > 10_000) break;
      await Bun.sleep(10);
    }
    const ms = performance.now() - t0;
    console.log(`pushed report visible in /v1/risk after ${ms.toFixed(0)} ms`);
    expect(after.asOf).toBe("2020-12-31");
    expect(after.metrics.cumulativeCases).toBe(report.cumulativeCases);
    expect(after.dataset).toBe("jhu-us+reports");
    expect(after.eventRisk.probability).toBeGreaterThan(before.eventRisk.probability);

    const final = (await (await jobApi(`/v1/jobs/${job.jobId}?wait=10`)).json()) as JobRecord;
    expect(final).toMatchObject({ state: "done", source: "reports", origin: "reports", counts: { accepted: 1, rejected: 1 } });
    const q = await system.storage.listQuarantine(job.jobId);
    expect(q).toEqual([expect.objectContaining({ source: "reports", line: 2, reason: expect.stringContaining("unknown region") })]);
    const day = Date.parse("2020-12-30T00:00:00Z") / 86_400_000;
    expect(await system.storage.getObservation(NYC, "reports", day + 1)).toMatchObject({ cumCases: report.cumulativeCases, newCases: 20_000 });
    expect((await system.storage.getObservation(NYC, "jhu-us", day))!.cumCases).toBe(before.metrics.cumulativeCases);
    expect(await system.storage.getObservation(NYC, "jhu-us", day + 1)).toBeNull();
  });
});

describe("device activity through the gateway", () => {
  test("k−1 devices: nothing reported; k: the hour and the day are reported", async () => {
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const ping = (d: string) => ({ deviceId: `phone-${d}`, lat: 40.7831, lon: -73.9712, time: new Date(hour + 60_000).toISOString() });
    const range = `from=${new Date(hour).toISOString()}&to=${new Date(hour + 3_600_000).toISOString()}`;
    const counts = async () => (await (await api(`/v1/regions/${NYC}/activity?${range}`)).json()) as any;

    // The pool reloads the registry shortly after the lookup job added regions; until then it answers 503.
    let first = await postJson("/v1/activity", { pings: [ping("a"), ping("b")] }, false);
    for (let i = 0; i < 100 && first.status === 503; i++) {
      await Bun.sleep(50);
      first = await postJson("/v1/activity", { pings: [ping("a"), ping("b")] }, false);
    }
    expect(first.status).toBe(202);
    for (let i = 0; i < 50 && (await system.client.jsm.streams.info(system.client.contract.streams.activity.name)).state.messages > 0; i++) await Bun.sleep(20);
    expect(await counts()).toMatchObject({ k: K, hourly: [], daily: [] });

    const res = await postJson("/v1/activity", { pings: [ping("c")] }, false);
    expect(await res.json()).toEqual({ received: 1, accepted: 1, unlocated: 0, rejected: 0 });
    let c: any;
    for (let i = 0; i < 100; i++) {
      c = await counts();
      if (c.hourly.length > 0) break;
      await Bun.sleep(20);
    }
    expect(c.hourly).toEqual([{ hour: new Date(hour).toISOString(), devices: 3 }]);
    expect(c.daily).toEqual([{ day: new Date(hour).toISOString().slice(0, 10), devices: 3 }]);
  });
});

describe("scheduled ingestion", () => {
  test("two scheduler instances on one every-second schedule: each job is queued once and runs once", async () => {
    const schedule = { source: "jhu-us-cases", cron: "* * * * * *", file: smallCases };
    const meshes: Mesh[] = [];
    const results: Enqueued[] = [];
    const schedulers = [];
    for (const name of ["scheduler-a", "scheduler-b"]) {
      const m = await connectMesh({ servers: system.natsUrl, name, contract: system.client.contract });
      meshes.push(m);
      schedulers.push(await startScheduler({ mesh: m, schedules: [schedule], onScheduled: (r) => results.push(r) }));
    }
    await Bun.sleep(3_300);
    await Promise.all(schedulers.map((s) => s.stop()));
    await Promise.all(meshes.map((m) => m.close()));

    const ids = [...new Set(results.map((r) => r.record.jobId))];
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) {
      expect(id).toMatch(/^jhu-us-cases-at-\d{8}T\d{6}Z$/);
      expect(results.filter((r) => r.record.jobId === id && !r.duplicate)).toHaveLength(1);
    }
    // Run once: each job finishes, and its JOB_EVENTS history has one "running" (first delivery) and one "done".
    const store = await openJobStore(system.client);
    for (const id of ids) expect((await store.follow(id, 30_000))!.state).toBe("done");
    const events: JobEvent[] = [];
    const consumer = await system.client.js.consumers.get(system.client.contract.streams.jobEvents.name);
    const info = await system.client.jsm.streams.info(system.client.contract.streams.jobEvents.name);
    const msgs = await consumer.fetch({ max_messages: info.state.messages, expires: 2000 });
    for await (const m of msgs) {
      events.push(decodeMessage(messages.jobEvent, m).value);
      if (events.length === info.state.messages) break;
    }
    for (const id of ids) {
      const states = events.filter((e) => e.jobId === id).map((e) => e.state);
      expect(states.sort()).toEqual(["done", "running"]);
    }
  });
});

describe("covid-mesh ingest --wait", () => {
  test("prints plain progress lines when not on a terminal; the --json line stays last and exact", async () => {
    const proc = Bun.spawn(["./node_modules/.bin/bun", "cli/main.ts", "ingest", "jhu-us-cases", "--file", smallCases, "--wait", "--json"], {
      cwd: join(import.meta.dir, ".."),
      env: { ...process.env, NATS_URL: system.natsUrl, MESH_PREFIX: config.MESH_PREFIX, DATA_DIR: config.dataDir, LOG_LEVEL: "silent" },
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
