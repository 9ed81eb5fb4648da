// The deployment run for real: `npm run test:compose` (deploy/compose-test/run.sh).
// Four machines, each a container with its own Docker daemon and network stack (hosts.ts):
// host A, host B and the witness of the two-host deployment, and `solo` for the single-host
// quickstart. On each, the README's commands run verbatim in a copy of the repository; then the
// deployment's promises are checked and the failover scenarios run against the containers.
// Every scenario prints FIGURES <name> {json}. Not a *.test.ts file: `npm test` does not run it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCsvLines, SHARED_DATA } from "../../cli/testSupport.ts";
import { httpOk, tcpOpen, waitUntil } from "../harness/waitUntil.ts";
import { HarnessError } from "../harness/errors.ts";
import { quantile, randomUsRiskPath, runLoad } from "../harness/load.ts";
import { createNetworks, LABEL, removeNetworks, TestHost, type HostName } from "./hosts.ts";
import { containerOf, containers, crashService, installProbe, probe, psql, routeAddrs, waitHealthy } from "./deployment.ts";
import { docker } from "./sh.ts";

const ROOT = join(import.meta.dir, "../..");
const RUN_DIR = `/tmp/covid-compose-run-${process.pid}`;
const NYC = "/v1/risk?lat=40.7128&lon=-74.0060&groupSize=50";
/** The quickstart's URL in the README. */
const QUICKSTART_RISK = "/v1/risk?lat=40.7128&lon=-74.0060";
const DATASET = "jhu-us";
const SAMPLE = {
  lookup: "/app/sample/UID_ISO_FIPS_LookUp_Table.csv.gz",
  cases: "/app/sample/jhu_confirmed_US_sample.csv.gz",
  deaths: "/app/sample/jhu_deaths_US_sample.csv.gz",
};
const FULL_CASES = "time_series_covid19_confirmed_US.csv.gz"; // in each host's ./ingest (INGEST_DIR)
const SCENARIOS = process.env.COMPOSE_SCENARIOS !== "0";

const host = {} as Record<HostName, TestHost>;
for (const n of ["a", "b", "witness", "solo"] as const) host[n] = new TestHost(n, RUN_DIR);
const figures: Record<string, unknown> = {};
const t0 = Date.now();

function report(name: string, values: Record<string, unknown>): void {
  figures[name] = values;
  console.log(`FIGURES ${name} ${JSON.stringify(values)}`);
}

/** Counties × days of a JHU US time series file. */
function regionDays(file: string): number {
  const lines = readCsvLines(file);
  return (lines.length - 1) * lines[0]!.split(",").filter((c) => /^\d{1,2}\/\d{1,2}\/\d{2}$/.test(c)).length;
}

const readmeCommand = (role: string, build: boolean) =>
  `deploy/gen-env.sh ${role} covid-mesh.secrets ${host.a.privateAddr} ${host.b.privateAddr} ${host.witness.privateAddr} > .env && docker compose up -d${build ? " --build" : ""}`;

const answers = (h: TestHost) => httpOk(h.gatewayUrl + NYC, 5_000);

type Summary = { state: string; batchesDone: number; batchesExpected: number | null; accepted: number; unchanged: number; rejected: number } | null;

async function waitJobDone(h: TestHost, jobId: string, timeoutMs: number): Promise<NonNullable<Summary>> {
  let s: Summary = null;
  await waitUntil(
    async () => {
      s = await probe<Summary>(h, "job", jobId);
      if (s?.state === "failed") throw new HarnessError(`job ${jobId} failed`);
      return s?.state === "done";
    },
    { what: `job ${jobId} done`, timeoutMs, intervalMs: 1_000 },
  );
  return s!;
}

/**
 * A job's events show it finished exactly once: one `done`, no `failed`, `done` last. It may
 * have started more than once (a worker's host died mid-job and the job was redelivered to
 * another host's worker): the number of starts is returned as a figure.
 */
async function expectDoneOnce(h: TestHost, jobId: string): Promise<number> {
  const states = await probe<string[]>(h, "events", jobId);
  expect(states.filter((x) => x === "done").length).toBe(1);
  expect(states.filter((x) => x === "failed")).toEqual([]);
  expect(states.at(-1)).toBe("done");
  return states.filter((x) => x === "running").length;
}

async function cleanLeftovers(): Promise<void> {
  const ids = (await docker(["ps", "-aq", "--filter", `label=${LABEL}`])).stdout.trim().split("\n").filter(Boolean);
  if (ids.length > 0) await docker(["rm", "-f", "-v", ...ids], { allowFail: true });
  await removeNetworks();
}

beforeAll(async () => {
  await cleanLeftovers();
  await createNetworks();
  for (const h of Object.values(host)) await h.checkout(ROOT);
  for (const h of [host.a, host.b]) {
    mkdirSync(join(h.dir, "ingest"), { recursive: true });
    copyFileSync(join(SHARED_DATA, "jhu_csse", FULL_CASES), join(h.dir, "ingest", FULL_CASES));
  }
  await Promise.all(Object.values(host).map((h) => h.start()));
  const loadT0 = Date.now();
  for (const h of Object.values(host)) await h.loadImages();
  report("setup", { hostsUpMs: loadT0 - t0, imagesLoadedMs: Date.now() - loadT0 });
}, 600_000);

afterAll(async () => {
  console.log(`FIGURES all ${JSON.stringify(figures)}`);
  if (failed) await keepLogs();
  if (process.env.COMPOSE_KEEP === "1") return;
  await Promise.all(Object.values(host).map((h) => h.teardown()));
  await removeNetworks();
  rmSync(RUN_DIR, { recursive: true, force: true });
  console.log(`compose test wall time ${Math.round((Date.now() - t0) / 1000)} s`);
}, 300_000);

let failed = false;
/** A test that, when it fails, marks the run failed (the hosts' logs are kept at teardown). */
function check(name: string, fn: () => Promise<void>, timeoutMs: number) {
  test(
    name,
    async () => {
      try {
        await fn();
      } catch (err) {
        failed = true;
        throw err;
      }
    },
    timeoutMs,
  );
}

async function keepLogs(): Promise<void> {
  const dir = `/tmp/covid-compose-logs-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  for (const h of Object.values(host)) {
    const r = await h.sh("docker compose logs --no-color --timestamps --tail 400; docker ps -a", { allowFail: true, timeoutMs: 120_000 }).catch(() => null);
    if (r) writeFileSync(join(dir, `${h.name}.log`), r.stdout + r.stderr);
  }
  console.log(`logs of the failed run kept in ${dir}`);
}

describe("compose deployment", () => {
  check(
    "compose refuses to start without the secrets",
    async () => {
      const cases: Array<[TestHost, string]> = [
        [host.a, "-f compose.yaml -f compose.host-a.yaml"],
        [host.b, "-f compose.yaml -f compose.host-b.yaml"],
        [host.witness, "-f compose.witness.yaml"],
        [host.solo, "-f compose.yaml -f compose.single.yaml"],
      ];
      for (const [h, files] of cases) {
        const r = await h.compose(`${files} up -d`, { allowFail: true });
        expect(r.code).not.toBe(0);
        expect(r.stderr).toMatch(/required variable [A-Z_]+ is missing a value: run deploy\/gen-env\.sh/);
        expect((await h.sh("docker ps -aq")).stdout.trim()).toBe("");
      }
    },
    120_000,
  );

  check(
    "single-host quickstart: one compose command, then /v1/risk answers",
    async () => {
      const h = host.solo;
      const started = Date.now();
      await h.sh("deploy/gen-env.sh secrets > covid-mesh.secrets");
      await h.sh("deploy/gen-env.sh single covid-mesh.secrets > .env && docker compose up -d --build", { timeoutMs: 900_000 });
      const upMs = Date.now() - started;
      const cfg = await h.compose("config -q");
      expect(cfg.stderr.trim()).toBe("");
      await waitUntil(() => httpOk(h.gatewayUrl + QUICKSTART_RISK, 5_000), { what: "quickstart answers /v1/risk", timeoutMs: 300_000, intervalMs: 1_000 });
      const answeringMs = Date.now() - started;
      const res = await fetch(h.gatewayUrl + QUICKSTART_RISK);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { eventRisk?: { probability?: number }; region?: unknown };
      expect(body.region).toBeDefined();
      expect(body.eventRisk?.probability).toBeGreaterThanOrEqual(0);
      expect(body.eventRisk?.probability).toBeLessThanOrEqual(1);
      const all = await waitHealthy(h, 120_000);
      const sample = all.find((c) => c.service === "sample")!;
      await waitUntil(async () => !(await containerOf(h, "sample")).running, { what: "sample job finished", timeoutMs: 300_000, intervalMs: 2_000 });
      expect((await containerOf(h, "sample")).exitCode).toBe(0);
      report("quickstart", {
        composeUpMs: upMs,
        answeringRiskMs: answeringMs,
        containers: all.length,
        eventRiskProbability: body.eventRisk?.probability,
        sampleContainer: sample.name,
      });
      // Down again (frees the machine for the two-host run); nothing of it stays.
      await h.compose("down -v -t 5");
      expect((await h.sh("docker ps -aq; docker volume ls -q")).stdout.trim()).toBe("");
    },
    1_200_000,
  );

  check(
    "two hosts and the witness come up with the README's commands; every healthcheck turns healthy",
    async () => {
      await host.a.sh("deploy/gen-env.sh secrets > covid-mesh.secrets");
      for (const h of [host.b, host.witness]) copyFileSync(join(host.a.dir, "covid-mesh.secrets"), join(h.dir, "covid-mesh.secrets")); // scp
      const ms: Record<string, number> = {};
      let s = Date.now();
      await host.witness.sh(readmeCommand("witness", false));
      ms.witnessUp = Date.now() - s;
      s = Date.now();
      await host.a.sh(readmeCommand("host-a", true), { timeoutMs: 900_000 });
      ms.hostAUpWithBuild = Date.now() - s;
      s = Date.now();
      await host.b.sh(readmeCommand("host-b", true), { timeoutMs: 900_000 });
      ms.hostBUpWithBuild = Date.now() - s;
      s = Date.now();
      const healthy: Record<string, string[]> = {};
      for (const h of [host.witness, host.a, host.b]) {
        const cs = await waitHealthy(h, 300_000);
        // Every container has a healthcheck (image or compose) but B's socat relay.
        expect(cs.filter((c) => c.health === "" && c.service !== "pg-primary").map((c) => c.name)).toEqual([]);
        expect(cs.every((c) => c.running)).toBe(true);
        healthy[h.name] = cs
          .filter((c) => c.health === "healthy")
          .map((c) => c.service)
          .sort();
      }
      ms.allHealthyAfterUp = Date.now() - s;
      expect(healthy.a).toEqual(["covid-data", "exposure-risk", "gateway", "nats", "persistence", "postgres", "reports", "scheduler", "social-activity"]);
      expect(healthy.b).toEqual(["covid-data", "exposure-risk", "gateway", "nats", "persistence", "postgres", "reports", "scheduler", "social-activity"]);
      expect(healthy.witness).toEqual(["nats"]);
      for (const h of [host.a, host.b]) await installProbe(h);
      report("clusterUp", ms);
    },
    1_800_000,
  );

  check(
    "docker compose config is clean on each machine",
    async () => {
      for (const h of [host.a, host.b, host.witness]) {
        const r = await h.compose("config -q");
        expect(r.code).toBe(0);
        expect(r.stderr.trim()).toBe("");
      }
    },
    60_000,
  );

  check(
    "only the gateway publishes a port on the public side; NATS routes and Postgres on the private address only",
    async () => {
      const published: Record<string, Record<string, string[]>> = {};
      for (const h of [host.a, host.b, host.witness]) {
        published[h.name] = {};
        for (const c of await containers(h)) if (c.ports.length > 0) published[h.name]![c.service] = c.ports;
      }
      expect(published.a).toEqual({ gateway: ["0.0.0.0:8080->8080/tcp"], nats: [`${host.a.privateAddr}:6222->6222/tcp`], postgres: [`${host.a.privateAddr}:5432->5432/tcp`] });
      expect(published.b).toEqual({ gateway: ["0.0.0.0:8080->8080/tcp"], nats: [`${host.b.privateAddr}:6222->6222/tcp`] });
      expect(published.witness).toEqual({ nats: [`${host.witness.privateAddr}:6222->6222/tcp`] });
      // From outside, on the public addresses: the gateway answers, nothing else does.
      const open: Record<string, number[]> = {};
      for (const h of [host.a, host.b, host.witness]) {
        open[h.name] = [];
        for (const port of [8080, 4222, 5432, 6222, 8222]) if (await tcpOpen(h.publicAddr, port)) open[h.name]!.push(port);
      }
      expect(open).toEqual({ a: [8080], b: [8080], witness: [] });
      // On the private network, host B reaches A's Postgres and routes.
      const priv = await host.b.sh(`for p in 5432 6222 4222; do if timeout 3 bash -c "</dev/tcp/${host.a.privateAddr}/$p" 2>/dev/null; then echo $p; fi; done`);
      expect(priv.stdout.trim().split("\n")).toEqual(["5432", "6222"]);
    },
    120_000,
  );

  check(
    "the services run as non-root with cap_drop: ALL and no capabilities",
    async () => {
      for (const h of [host.a, host.b]) {
        const apps = (await containers(h)).filter((c) => !["nats", "postgres", "pg-primary"].includes(c.service));
        expect(apps.length).toBe(7);
        for (const c of apps) {
          expect(c.user).toBe("bun");
          expect(c.capDrop).toEqual(["ALL"]);
          expect(c.securityOpt).toContain("no-new-privileges:true");
          const ids = await h.sh(`docker exec ${c.name} sh -c 'id -u; grep CapEff /proc/1/status'`);
          const [uid, capLine] = ids.stdout.trim().split("\n");
          expect(uid).toBe("1000");
          expect(capLine).toMatch(/CapEff:\s+0+$/);
        }
      }
    },
    120_000,
  );

  check(
    "sample data through the mesh; both gateways answer; the data stream has 3 replicas",
    async () => {
      const s = Date.now();
      for (const [source, file] of [
        ["jhu-lookup", SAMPLE.lookup],
        ["jhu-us-cases", SAMPLE.cases],
      ] as const) {
        const r = await host.a.compose(`exec -T covid-data bun cli/main.ts ingest ${source} --file ${file} --wait --json`, { timeoutMs: 300_000 });
        const ev = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { state?: string; rejected: number };
        expect(ev.rejected).toBe(0);
      }
      for (const h of [host.a, host.b]) await waitUntil(() => answers(h), { what: `host ${h.name} answers /v1/risk`, timeoutMs: 120_000, intervalMs: 1_000 });
      const streams = await probe<{ numReplicas: number; followers: unknown[] }>(host.a, "streams");
      expect(streams.numReplicas).toBe(3);
      expect(streams.followers.length).toBe(2);
      report("sampleIngested", { ingestAndAnswerMs: Date.now() - s, streamReplicas: streams.numReplicas });
    },
    600_000,
  );

  check(
    "host B's replica streams from host A",
    async () => {
      await waitUntil(async () => (await psql(host.a, "select application_name || ':' || state from pg_stat_replication")) === "host_b:streaming", {
        what: "host_b streaming on A",
        timeoutMs: 60_000,
        intervalMs: 1_000,
      });
      expect(await psql(host.b, "select pg_is_in_recovery()")).toBe("t");
      expect(await psql(host.b, "select status || ' ' || sender_host from pg_stat_wal_receiver")).toBe(`streaming ${host.a.privateAddr}`);
      const rowsA = await psql(host.a, "select count(*) from observations");
      await waitUntil(async () => (await psql(host.b, "select count(*) from observations")) === rowsA, { what: "replica has A's rows", timeoutMs: 60_000, intervalMs: 1_000 });
      expect(Number(rowsA)).toBeGreaterThan(0);
    },
    180_000,
  );
});

/** Start times and restart counts of a host's containers: a restart changes one of them. */
async function lifetimes(h: TestHost): Promise<Record<string, string>> {
  return Object.fromEntries((await containers(h)).map((c) => [c.name, `${c.startedAt}#${c.restartCount}`]));
}

async function waitRoutes(h: TestHost, want: (names: string[]) => boolean, what: string, timeoutMs: number): Promise<number> {
  await waitUntil(async () => want(await routeAddrs(h)), { what, timeoutMs, intervalMs: 250 });
  return Date.now();
}

async function replicaCaughtUp(): Promise<boolean> {
  const r = await psql(host.a, "select state || ' ' || (pg_current_wal_lsn() = replay_lsn) from pg_stat_replication where application_name = 'host_b'");
  return r === "streaming true";
}

describe.if(SCENARIOS)("failover against containers", () => {
  check(
    "host B killed under load on both gateways: host A keeps answering; a job in flight completes once",
    async () => {
      const rowsBefore = await probe<number>(host.a, "rows", DATASET);
      const gateways = [host.a.gatewayUrl, host.b.gatewayUrl];
      const loading = runLoad({ gateways, path: randomUsRiskPath, concurrency: 4, ratePerSec: 60, maxRequests: 3_000, durationMs: 25_000, attemptTimeoutMs: 5_000 });
      const job = await probe<{ jobId: string }>(host.a, "submit", "jhu-us-deaths", SAMPLE.deaths);
      await Bun.sleep(2_000);
      const killedAt = await host.b.kill();
      let routeGoneAt = 0;
      let load: Awaited<typeof loading>;
      const s = Date.now();
      try {
        routeGoneAt = await waitRoutes(host.a, (n) => !n.includes(host.b.privateAddr), "A drops its route to B", 90_000);
        load = await loading;
      } finally {
        await host.b.boot();
      }
      const bad = (a: { status: number }) => a.status !== 200 && a.status !== 404;
      const rel = (t: number) => t - killedAt;
      const onAAfterKill = load.attempts.filter((a) => a.gateway === 0 && a.start > killedAt);
      const detail = (a: (typeof load.attempts)[number]) =>
        `${a.gateway === 0 ? "A" : "B"}${a.isRetry ? " retry" : ""} [${rel(a.start)}, ${rel(a.end)}] ms ${a.error ?? `HTTP ${a.status}`}`;
      // Until A's node drops its route to B, a request may still go to B's gateway or, through
      // NATS, to B's risk worker; once it has, every request is answered.
      expect(load.attempts.filter((a) => bad(a) && a.start > routeGoneAt).map(detail)).toEqual([]);
      expect(onAAfterKill.filter((a) => a.start > routeGoneAt).length).toBeGreaterThan(20);
      // The job submitted just before the kill: stored exactly once (A holds the primary).
      const sum = await waitJobDone(host.a, job.jobId, 300_000);
      expect(sum.rejected).toBe(0);
      expect(sum.accepted + sum.unchanged).toBe(regionDays(join(ROOT, "sample/jhu_deaths_US_sample.csv.gz")));
      expect(sum.batchesDone).toBe(sum.batchesExpected!);
      const jobStarts = await expectDoneOnce(host.a, job.jobId);
      expect(await probe<number>(host.a, "rows", DATASET)).toBe(rowsBefore);

      await waitUntil(() => answers(host.b), { what: "host B answers again", timeoutMs: 240_000, intervalMs: 1_000 });
      const answeringMs = Date.now() - s;
      await waitUntil(replicaCaughtUp, { what: "replica caught up", timeoutMs: 180_000, intervalMs: 1_000 });
      const caughtUpMs = Date.now() - s;
      await waitHealthy(host.b, 240_000);
      await installProbe(host.b);
      report("killHostB", {
        requests: load.requests,
        firstAttemptErrorsOnA: load.firstAttemptErrors[0],
        firstAttemptErrorsOnB: load.firstAttemptErrors[1],
        errorsSeenByRetryingClients: load.failedAfterRetry,
        failedAttempts: load.attempts.filter(bad).map(detail).slice(0, 20),
        routeDroppedAfterKillMs: routeGoneAt - killedAt,
        answeredByAAfterKill: onAAfterKill.length,
        p99OnAAfterKillMs: quantile(
          onAAfterKill.map((a) => a.end - a.start),
          0.99,
        ),
        jobInFlightStarts: jobStarts,
        hostBBootToAnsweringMs: answeringMs,
        replicaCaughtUpAfterBootMs: caughtUpMs,
        allHealthyAfterBootMs: Date.now() - s,
      });
    },
    900_000,
  );

  check(
    "host A killed: B keeps answering; jobs submitted meanwhile complete once after A returns",
    async () => {
      const dlqBefore = await probe<number>(host.b, "dlq");
      const rowsBefore = await probe<number>(host.a, "rows", DATASET);
      const killedAt = await host.a.kill();
      let booted = false;
      try {
        const routeGoneAt = await waitRoutes(host.b, (n) => !n.includes(host.a.privateAddr), "B drops its route to A", 90_000);
        // Queries on B while A is gone.
        const q = await runLoad({
          gateways: [host.b.gatewayUrl],
          path: randomUsRiskPath,
          concurrency: 4,
          ratePerSec: 40,
          maxRequests: 400,
          durationMs: 6_000,
          retry: false,
          attemptTimeoutMs: 5_000,
        });
        const qErrors = q.attempts.filter((a) => a.status !== 200 && a.status !== 404);
        expect(qErrors.map((a) => a.error ?? a.status)).toEqual([]);
        // Jobs submitted on B while A is down: stored by JetStream (B + witness quorum), then wait.
        const deaths = await probe<{ jobId: string; attempts: number; storedAt: number }>(host.b, "submit", "jhu-us-deaths", SAMPLE.deaths);
        const lookup = await probe<{ jobId: string; attempts: number; storedAt: number }>(host.b, "submit", "jhu-lookup", SAMPLE.lookup);
        await Bun.sleep(5_000);
        // Parsed on B, but not stored: the primary is on A.
        expect(await probe<string[]>(host.b, "events", deaths.jobId)).not.toContain("done");
        const downMs = Date.now() - killedAt;
        const s = Date.now();
        await host.a.boot();
        booted = true;
        const [d, l] = await Promise.all([waitJobDone(host.b, deaths.jobId, 600_000), waitJobDone(host.b, lookup.jobId, 600_000)]);
        const completedMs = Date.now() - s;
        expect(d.rejected).toBe(0);
        expect(d.accepted + d.unchanged).toBe(regionDays(join(ROOT, "sample/jhu_deaths_US_sample.csv.gz")));
        const starts: number[] = [];
        for (const [j, sum] of [
          [deaths, d],
          [lookup, l],
        ] as const) {
          starts.push(await expectDoneOnce(host.b, j.jobId));
          expect(sum.batchesDone).toBe(sum.batchesExpected!);
        }
        expect(await probe<number>(host.b, "dlq")).toBe(dlqBefore);
        expect(await probe<number>(host.b, "rows", DATASET)).toBe(rowsBefore);
        await waitUntil(() => answers(host.a), { what: "host A answers again", timeoutMs: 240_000, intervalMs: 1_000 });
        const answeringMs = Date.now() - s;
        await waitHealthy(host.a, 240_000);
        await waitUntil(replicaCaughtUp, { what: "replica streaming again", timeoutMs: 120_000, intervalMs: 1_000 });
        await installProbe(host.a); // same container, but be sure after the reboot
        report("killHostA", {
          routeDroppedAfterKillMs: routeGoneAt - killedAt,
          queriesOnBWhileADown: q.requests,
          queryErrorsOnB: qErrors.length,
          p99OnBWhileADownMs: quantile(
            q.attempts.map((a) => a.end - a.start),
            0.99,
          ),
          jobsStoredAfterKillMs: Math.max(deaths.storedAt, lookup.storedAt) - killedAt,
          publishAttempts: [deaths.attempts, lookup.attempts],
          jobStarts: starts,
          hostADownMs: downMs,
          jobsCompletedAfterABootMs: completedMs,
          hostAAnsweringAfterBootMs: answeringMs,
          replicaStreamingAfterBootMs: Date.now() - s,
          deadLetters: (await probe<number>(host.b, "dlq")) - dlqBefore,
        });
      } finally {
        if (!booted) await host.a.boot();
      }
    },
    900_000,
  );

  check(
    "every NATS container stopped: gateways answer 503 fast, then recover with no restarts",
    async () => {
      const lives = { a: await lifetimes(host.a), b: await lifetimes(host.b) };
      const natsHosts = [host.a, host.b, host.witness];
      await Promise.all(natsHosts.map((h) => h.compose("stop -t 5 nats")));
      const stoppedAt = Date.now();
      const down = await runLoad({
        gateways: [host.a.gatewayUrl, host.b.gatewayUrl],
        path: randomUsRiskPath,
        concurrency: 4,
        ratePerSec: 40,
        maxRequests: 400,
        durationMs: 6_000,
        retry: false,
        healthCheckMs: 0,
        attemptTimeoutMs: 5_000,
      });
      const downAttempts = down.attempts.filter((a) => a.start > stoppedAt);
      expect(downAttempts.length).toBeGreaterThan(10);
      expect(downAttempts.filter((a) => a.status !== 503).map((a) => a.error ?? a.status)).toEqual([]);
      expect(downAttempts.every((a) => a.retryAfter !== null)).toBe(true);
      const s = Date.now();
      await Promise.all(natsHosts.map((h) => h.compose("start nats")));
      const recovered: Record<string, number> = {};
      await Promise.all(
        [host.a, host.b].map(async (h) => {
          await waitUntil(() => answers(h), { what: `host ${h.name} answers after NATS returned`, timeoutMs: 180_000, intervalMs: 200 });
          recovered[h.name] = Date.now() - s;
        }),
      );
      for (const h of [host.a, host.b, host.witness]) await waitHealthy(h, 240_000);
      const healthyMs = Date.now() - s;
      // Nothing but NATS was restarted: every service reconnected by itself.
      const natsOnly = (l: Record<string, string>) => Object.fromEntries(Object.entries(l).filter(([n]) => !n.includes("-nats-")));
      expect(natsOnly(await lifetimes(host.a))).toEqual(natsOnly(lives.a));
      expect(natsOnly(await lifetimes(host.b))).toEqual(natsOnly(lives.b));
      const t1 = Date.now();
      const job = await probe<{ jobId: string }>(host.a, "submit", "jhu-lookup", SAMPLE.lookup);
      await waitJobDone(host.a, job.jobId, 300_000);
      await expectDoneOnce(host.a, job.jobId);
      const latencies = downAttempts.map((a) => a.end - a.start);
      report("natsStopped", {
        requestsWhileDown: downAttempts.length,
        non503WhileDown: downAttempts.filter((a) => a.status !== 503).length,
        latency503p50Ms: quantile(latencies, 0.5),
        latency503MaxMs: Math.max(...latencies),
        gatewayAAnsweringAfterNatsStartMs: recovered.a,
        gatewayBAnsweringAfterNatsStartMs: recovered.b,
        allHealthyAfterNatsStartMs: healthyMs,
        ingestJobAfterRecoveryMs: Date.now() - t1,
      });
    },
    900_000,
  );

  check(
    "the Postgres primary restarted under load: the deployment recovers by itself, the replica resumes, a job completes once",
    async () => {
      const rowsBefore = await probe<number>(host.a, "rows", DATASET);
      const lives = await lifetimes(host.a);
      const loading = runLoad({
        gateways: [host.a.gatewayUrl, host.b.gatewayUrl],
        path: randomUsRiskPath,
        concurrency: 4,
        ratePerSec: 40,
        maxRequests: 2_000,
        durationMs: 20_000,
        attemptTimeoutMs: 5_000,
      });
      await Bun.sleep(3_000);
      const s = Date.now();
      await host.a.compose("restart -t 10 postgres");
      const restartMs = Date.now() - s;
      // Accepting connections again (TCP, as the services connect).
      await waitUntil(async () => (await host.a.compose("exec -T postgres pg_isready -h 127.0.0.1 -U covidmesh -d covidmesh", { allowFail: true })).code === 0, {
        what: "primary accepting connections",
        timeoutMs: 120_000,
        intervalMs: 250,
      });
      const readyAt = Date.now();
      const load = await loading;
      const bad = load.attempts.filter((a) => a.status !== 200 && a.status !== 404);
      const byStatus: Record<string, number> = {};
      for (const a of bad) byStatus[a.error ? "connection" : String(a.status)] = (byStatus[a.error ? "connection" : String(a.status)] ?? 0) + 1;
      const figures = {
        requests: load.requests,
        firstAttemptErrors: bad.filter((a) => !a.isRetry).length,
        errorsSeenByRetryingClients: load.failedAfterRetry,
        errorsByStatus: byStatus,
        firstErrorAfterRestartMs: bad.length > 0 ? Math.min(...bad.map((a) => a.start)) - s : null,
        lastErrorAfterRestartMs: bad.length > 0 ? Math.max(...bad.map((a) => a.end)) - s : null,
        restartCommandMs: restartMs,
        acceptingAfterRestartMs: readyAt - s,
        p99Ms: quantile(
          load.attempts.map((a) => a.end - a.start),
          0.99,
        ),
      };
      console.log(`postgresPrimaryRestarted load: ${JSON.stringify(figures)}`);
      // Then the deployment recovers by itself: both gateways answer, and a run of queries has no
      // error. (Host A's risk worker reads A's database: its "replica" URL is the same server.)
      for (const h of [host.a, host.b]) await waitUntil(() => answers(h), { what: `host ${h.name} answers after the restart`, timeoutMs: 240_000, intervalMs: 500 });
      const recoveredMs = Date.now() - readyAt;
      const after = await runLoad({
        gateways: [host.a.gatewayUrl, host.b.gatewayUrl],
        path: randomUsRiskPath,
        concurrency: 4,
        ratePerSec: 40,
        maxRequests: 400,
        durationMs: 5_000,
        retry: false,
        attemptTimeoutMs: 5_000,
      });
      expect(after.requests).toBeGreaterThan(20);
      expect(after.attempts.filter((a) => a.status !== 200 && a.status !== 404).map((a) => a.error ?? a.status)).toEqual([]);
      const restarted = Object.entries(await lifetimes(host.a))
        .filter(([n, l]) => !n.includes("-postgres-") && lives[n] !== l)
        .map(([n]) => n);
      await waitUntil(replicaCaughtUp, { what: "replica streaming again", timeoutMs: 120_000, intervalMs: 500 });
      const replicaMs = Date.now() - s;
      const t1 = Date.now();
      const job = await probe<{ jobId: string }>(host.b, "submit", "jhu-us-deaths", SAMPLE.deaths);
      const sum = await waitJobDone(host.a, job.jobId, 300_000);
      expect(sum.batchesDone).toBe(sum.batchesExpected!);
      await expectDoneOnce(host.a, job.jobId);
      expect(await probe<number>(host.a, "rows", DATASET)).toBe(rowsBefore);
      for (const h of [host.a, host.b]) await waitHealthy(h, 240_000);
      report("postgresPrimaryRestarted", {
        ...figures,
        allAnsweringAfterAcceptingMs: recoveredMs,
        containersRestartedOnA: restarted,
        replicaStreamingAfterRestartMs: replicaMs,
        ingestJobAfterRestartMs: Date.now() - t1,
      });
    },
    600_000,
  );
  check(
    "a persistence container killed in the middle of a batch: the row count is exact",
    async () => {
      // One persistence instance (host A's), so the batches in flight are surely the killed one's.
      await host.b.compose("stop persistence");
      const before = await probe<{ delivered: number }>(host.a, "deliveries");
      const sub = await probe<{ jobId: string }>(host.a, "submit", "jhu-us-cases", `/ingest/${FULL_CASES}`);
      let inFlight = 0;
      let stored = 0;
      await waitUntil(
        async () => {
          const p = await probe<{ deliveries: { ackPending: number }; job: Summary }>(host.a, "progress", sub.jobId);
          inFlight = p.deliveries.ackPending;
          stored = p.job?.batchesDone ?? 0;
          if (p.job?.state === "done") throw new HarnessError("the job finished before the kill");
          return stored >= 2 && inFlight > 0;
        },
        { what: "persistence in the middle of the job", timeoutMs: 180_000, intervalMs: 200 },
      );
      const before2 = await lifetimes(host.a);
      const killedAt = await crashService(host.a, "persistence");
      await host.b.compose("start persistence");
      const summary = await waitJobDone(host.a, sub.jobId, 600_000);
      const doneMs = Date.now() - killedAt;
      const expected = regionDays(join(SHARED_DATA, "jhu_csse", FULL_CASES));
      expect(summary.rejected).toBe(0);
      expect(summary.accepted + summary.unchanged).toBe(expected);
      expect(summary.batchesDone).toBe(summary.batchesExpected!);
      expect(await probe<number>(host.a, "rows", DATASET)).toBe(expected);
      const starts = await expectDoneOnce(host.a, sub.jobId);
      expect(await probe<number>(host.a, "dlq")).toBe(0);
      // Docker restarted the crashed container (restart: unless-stopped).
      const persistence = await containerOf(host.a, "persistence");
      expect(`${persistence.startedAt}#${persistence.restartCount}`).not.toBe(before2[persistence.name]);
      const after = await probe<{ delivered: number }>(host.a, "deliveries");
      report("persistenceKilledMidBatch", {
        batchesInFlightAtKill: inFlight,
        batchesStoredBeforeKill: stored,
        batchesExpected: summary.batchesExpected,
        deliveries: after.delivered - before.delivered,
        regionDaysStored: expected,
        jobDoneAfterKillMs: doneMs,
        jobStarts: starts,
      });
    },
    900_000,
  );
});
