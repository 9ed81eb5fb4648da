// The deployment's NATS users (deploy/nats/users.conf) on a real nats-server run from
// deploy/nats/single.conf: every service does its work as its own user (a file ingest, a risk
// answer through the gateway, a report, device pings) with no permission violation, and the
// gateway is refused what it must not do (file jobs naming any path, consuming jobs, the state
// bucket, deleting streams, other users' replies). JetStream caps are checked on the same server.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connectMesh, createContract, openBucket, type Mesh } from "../../mesh/mod.ts";
import { enqueueIngestJob, openJobStore } from "../../jobs/mod.ts";
import { RUN_HAS_POSTGRES } from "../../sql/testSupport.ts";
import { startTestSystem, type TestSystem } from "../../cli/testSupport.ts";
import { submitIngest } from "../../cli/ingestClient.ts";
import { deadLetterCount, jobEventStates, persistenceDeliveries } from "../harness/jobs.ts";
import { NATS_USERS, type NatsUser, natsPermissions, renderUsersConf } from "./permissions.ts";
import { startTestNatsServer, type TestNatsServer, violations } from "./testSupport.ts";

const NYC = "/v1/risk?lat=40.7128&lon=-74.0060";

test("users.conf is the rendering of the subject contract (bun deploy/nats/permissions.ts > deploy/nats/users.conf)", () => {
  expect(readFileSync(join(import.meta.dir, "users.conf"), "utf8")).toBe(renderUsersConf());
});

test("only the CLI may publish file jobs that name any path; the gateway neither provisions nor consumes jobs", () => {
  const c = createContract();
  const perms = natsPermissions(c);
  const publishers = NATS_USERS.filter((u) => perms[u].publish.includes(c.subjects.ingestFileJobs));
  expect(publishers).toEqual(["cli"]);
  const gw = perms.gateway;
  expect(gw.publish.some((s) => /STREAM\.(CREATE|UPDATE|DELETE|PURGE)\.(?!KV_JOBS$)/.test(s))).toBe(false);
  expect(gw.publish.some((s) => s.includes("CONSUMER.MSG.NEXT.INGEST_JOBS"))).toBe(false);
  expect(gw.publish.concat(gw.subscribe).some((s) => s.includes(c.kv.state))).toBe(false);
  // Nobody gets a wildcard over everything, or the shared inbox.
  for (const u of NATS_USERS) {
    for (const s of [...perms[u].publish, ...perms[u].subscribe]) expect([">", "$JS.API.>", "_INBOX.>", "$JS.API.STREAM.DELETE.>"]).not.toContain(s);
  }
});

describe.skipIf(!RUN_HAS_POSTGRES)("on nats-server with the deployment's users", () => {
  let srv: TestNatsServer;
  let sys: TestSystem;
  const meshes: Mesh[] = [];
  const as = async (user: NatsUser): Promise<Mesh> => {
    const m = await connectMesh({ servers: srv.url, name: `test-${user}`, contract: createContract(), user, pass: srv.passwords[user] });
    meshes.push(m);
    return m;
  };

  beforeAll(async () => {
    srv = await startTestNatsServer();
    sys = await startTestSystem("natsperm", {
      // No prefix: the subjects and stream names of a deployment, which users.conf names.
      // The default stream caps: reserved from the server's max_file_store (10G here, as in compose).
      env: { NATS_URL: srv.url, MESH_PREFIX: "", STREAM_MAX_BYTES: "" },
      load: "lookup+cases",
      system: { natsUsers: (service) => ({ user: service, pass: srv.passwords[service as NatsUser] }) },
    });
  }, 180_000);

  afterAll(async () => {
    for (const m of meshes) await m.close().catch(() => {});
    await sys?.stop().catch(() => {});
    await srv?.stop();
  });

  test("every service does its work as its own user: ingest, risk, reports, activity, a CLI file job; no violation", async () => {
    // The lookup and the cases went in through the gateway (files under INGEST_FILE_ROOT): a risk answer.
    // The risk worker picks the commit up with its next snapshot: 503 until then.
    let risk = await sys.api(NYC);
    for (let i = 0; i < 600 && risk.status === 503; i++) {
      await Bun.sleep(100);
      risk = await sys.api(NYC);
    }
    expect(violations(srv.log())).toEqual([]);
    expect(risk.status).toBe(200);
    expect(((await risk.json()) as { regions?: unknown[] }).regions?.length ?? 0).toBeGreaterThan(0);
    // The operator's file job, any path, on the CLI's own subject.
    const cli = await submitIngest(sys.system.client, { source: "jhu-us-cases", file: sys.smallCases }, { timeoutMs: 60_000 });
    expect((await cli.done).state).toBe("done");
    // A health authority's report: gateway → reports stream → reports worker → persistence.
    const pushed = await sys.postJson("/v1/reports", { reports: [{ fips: "36061", date: "2020-12-31", newCases: 5 }] });
    expect(pushed.status).toBe(202);
    const reportJob = (await pushed.json()) as { jobId: string };
    const reportEnd = (await (await sys.getWithKey(`/v1/jobs/${reportJob.jobId}?wait=30`)).json()) as { state: string; counts: { accepted: number } };
    expect(reportEnd).toMatchObject({ state: "done", counts: { accepted: 1 } });
    // Region search, timeseries, readiness: the gateway's requests to the workers.
    expect((await sys.api("/v1/regions?q=New%20York")).status).toBe(200);
    expect((await sys.api("/readyz")).status).toBe(200);
    // Device pings (social-activity answers, stores presences through its stream).
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const pings = { pings: [{ deviceId: "phone-a", lat: 40.7831, lon: -73.9712, time: new Date(hour + 60_000).toISOString() }] };
    let ping = await sys.postJson("/v1/activity", pings);
    // The pool reloads the registry shortly after the lookup job added regions; until then 503.
    for (let i = 0; i < 100 && ping.status === 503; i++) {
      await Bun.sleep(50);
      ping = await sys.postJson("/v1/activity", pings);
    }
    expect(ping.status).toBe(202);
    const day = Math.floor(hour / 86_400_000) * 86_400_000;
    const counts = await sys.api(`/v1/regions/36061/activity?from=${new Date(day).toISOString()}&to=${new Date(day + 86_400_000).toISOString()}`);
    expect(counts.status).toBe(200);
    expect(violations(srv.log())).toEqual([]);
  }, 120_000);

  test("the operator's user reads what the compose test's probe reads: a job's events, consumer and dead-letter state", async () => {
    const cli = await as("cli");
    const job = await submitIngest(cli, { source: "jhu-lookup", file: join(sys.root, "lookup.csv.gz") }, { timeoutMs: 60_000 });
    expect((await job.done).state).toBe("done");
    expect(await jobEventStates(cli, job.job.jobId)).toContain("done");
    expect((await persistenceDeliveries(cli)).delivered).toBeGreaterThan(0);
    expect(await deadLetterCount(cli)).toBe(0);
    expect(violations(srv.log(), "cli")).toEqual([]);
  }, 90_000);

  test("the stream caps of a deployment: max_bytes with a discard policy on every stream", async () => {
    const c = createContract();
    const cli = sys.system.client;
    const jobs = await cli.jsm.streams.info(c.streams.ingestJobs.name);
    expect(jobs.config.max_bytes).toBe(128 * 1024 * 1024);
    expect(jobs.config.discard).toBe("new");
    const data = await cli.jsm.streams.info(c.streams.data.name);
    expect(data.config.max_bytes).toBe(4096 * 1024 * 1024);
    expect(data.config.discard).toBe("old");
    for (const spec of Object.values(c.streams)) expect((await cli.jsm.streams.info(spec.name)).config.max_bytes).toBeGreaterThan(0);
  });

  test("the gateway's user is refused file jobs on the operator's subject, jobs' consumers, the state bucket, stream deletes, other inboxes", async () => {
    const gw = await as("gateway");
    const store = await openJobStore(gw);
    const fileJob = { jobId: `perm-${crypto.randomUUID().slice(0, 8)}`, source: "jhu-us-cases", file: "/etc/passwd", requestedAt: new Date().toISOString() };
    await expect(enqueueIngestJob(gw, store, fileJob, { origin: "api" })).rejects.toThrow(/Permissions Violation/);
    await expect(gw.jsm.streams.delete(gw.contract.streams.ingestJobs.name)).rejects.toThrow(/Permissions Violation/);
    await expect(gw.jsm.streams.update(gw.contract.streams.ingestJobs.name, { max_bytes: 1 })).rejects.toThrow(/Permissions Violation/);
    await expect(gw.jsm.consumers.info(gw.contract.streams.ingestJobs.name, gw.contract.consumers.ingest)).rejects.toThrow(/Permissions Violation/);
    await expect(openBucket(gw, gw.contract.kv.state)).rejects.toThrow(/Permissions Violation/);
    for (const subject of ["_INBOX_cli.>", gw.contract.subjects.ingestJobs, gw.contract.subjects.activityPings]) gw.nc.subscribe(subject);
    await gw.nc.flush();
    await Bun.sleep(200);
    expect(violations(srv.log(), "gateway")).toEqual([
      "Publish covid.jobs.ingest-file",
      "Publish $JS.API.STREAM.DELETE.INGEST_JOBS",
      "Publish $JS.API.STREAM.UPDATE.INGEST_JOBS",
      "Publish $JS.API.CONSUMER.INFO.INGEST_JOBS.covid-data-ingest",
      "Publish $JS.API.STREAM.INFO.KV_MESH_STATE",
      "Subscription _INBOX_cli.>",
      "Subscription covid.jobs.ingest",
      "Subscription covid.activity.pings",
    ]);
  });

  test("the scheduler's user cannot publish file jobs either", async () => {
    const sched = await as("scheduler");
    const job = { jobId: `perm-${crypto.randomUUID().slice(0, 8)}`, source: "jhu-us-cases", file: "/etc/passwd", requestedAt: new Date().toISOString() };
    await expect(enqueueIngestJob(sched, await openJobStore(sched), job, { origin: "schedule" })).rejects.toThrow(/Permissions Violation/);
  });

  test("a file job on the shared subject is read only inside the worker's own root, whatever root the job names", async () => {
    const gw = await as("gateway");
    const store = await openJobStore(gw);
    const job = { jobId: `perm-${crypto.randomUUID().slice(0, 8)}`, source: "jhu-us-cases", file: "/etc/hostname", fileRoot: "/", requestedAt: new Date().toISOString() };
    await enqueueIngestJob(gw, store, job, { origin: "api" });
    const end = await store.follow(job.jobId, 60_000);
    expect(end?.state).toBe("failed");
    expect(end?.error).toBe("not_allowed");
  }, 90_000);
});
