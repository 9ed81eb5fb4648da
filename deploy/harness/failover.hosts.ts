// Failover of the two-host deployment, on one machine: `npm run test:hosts`.
// Starts the topology of deploy/harness/topology.ts (hosts A and B on 127.0.0.2 / 127.0.0.3,
// NATS witness on 127.0.0.4), loads real JHU CSSE data through the mesh, then kills things.
// Every scenario prints what it observed (error counts, recovery times) as a FIGURES line.
// Not a *.test.ts file: `npm test` does not run it (minutes, not seconds, and it owns loopback ports).
import { afterAll, beforeAll, describe, expect } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SHARED_DATA } from "../../cli/testSupport.ts";
import { z } from "zod";
import type { Mesh } from "../../mesh/mod.ts";
import { createPostgresStorage, type Storage } from "../../sql/mod.ts";
import { deadLetterCount, jobEventStates, lastStreamSeq, persistenceDeliveries, submitWithRetry } from "./jobs.ts";
import { quantile, randomUsRiskPath, runLoad } from "./load.ts";
import { replicationLag } from "./postgresNode.ts";
import { HarnessError } from "./errors.ts";
import { regionDays } from "./regionDays.ts";
import { createScenarioRun } from "./scenarioRun.ts";
import { startTopology, type Topology } from "./topology.ts";
import { APP_SERVICES } from "./types.ts";
import { httpOk, waitUntil } from "./waitUntil.ts";

const ROOT = join(import.meta.dir, "../..");
const SAMPLE = {
  lookup: join(ROOT, "sample/UID_ISO_FIPS_LookUp_Table.csv.gz"),
  cases: join(ROOT, "sample/jhu_confirmed_US_sample.csv.gz"),
  deaths: join(ROOT, "sample/jhu_deaths_US_sample.csv.gz"),
};
const FULL_CASES = join(SHARED_DATA, "jhu_csse/time_series_covid19_confirmed_US.csv.gz");
const DATASET = "jhu-us";
const NYC = "/v1/risk?lat=40.7128&lon=-74.0060&groupSize=50";

/**
 * HOSTS_SCENARIO runs only the scenarios whose name contains it; HOSTS_REPEAT runs each
 * selected scenario that many times on the same topology (flakiness hunts).
 */
const selection = z
  .object({ HOSTS_SCENARIO: z.string().min(1).optional(), HOSTS_REPEAT: z.coerce.number().int().min(1).max(100).default(1) })
  .parse({ HOSTS_SCENARIO: process.env.HOSTS_SCENARIO, HOSTS_REPEAT: process.env.HOSTS_REPEAT });

let topo: Topology;
let client: Mesh; // on the witness node: an operator's client outside both hosts
let storage: Storage; // the primary, for checking what was stored
/** Figures, and whether a scenario failed (then the logs are kept). */
const run = createScenarioRun();
const report = run.report;
// When data was last committed and when the risk workers last finished recomputing their models:
// each recompute keeps its worker busy, so a scenario about a host's loss waits for it (below).
const riskEvents = { committedAt: 0, modelsAfterCommit: 0 };

/**
 * Waits until both hosts' risk workers finished the model recompute that followed the last
 * committed data (two models-updated events since the commit), or `timeoutMs` passes. A worker
 * that recomputes answers its share of queries late; that is a different scenario from a host's loss.
 */
async function risksSettled(timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (riskEvents.committedAt > 0 && riskEvents.modelsAfterCommit < 2 && Date.now() < deadline) await Bun.sleep(250);
}

async function ingest(mesh: Mesh, source: string, file: string) {
  const sub = await submitWithRetry(mesh, source, file);
  const ev = await sub.job.done;
  expect(ev.state).toBe("done");
  return { ...ev, jobId: sub.job.job.jobId };
}

const gatewayAnswers = (url: string) => httpOk(url + NYC, 5_000);

beforeAll(async () => {
  // The mid-batch kill ingests the full JHU file: without it that job would fail later with a
  // bare "source_not_found"; say at once what is missing (a clone without shared/ beside it).
  if (!existsSync(FULL_CASES)) throw new HarnessError(`${FULL_CASES} is absent: set SHARED_DATA to the shared datasets folder (SOURCES.md)`);
  const t0 = Date.now();
  // Rate limiting off: the load below comes from one client address, like traffic behind a balancer.
  topo = await startTopology({ serviceEnv: { RATE_LIMIT_RPS: "0" } });
  client = await topo.connect("witness", "failover-test");
  client.nc.subscribe(client.contract.subjects.observationsCommitted, {
    callback: () => {
      riskEvents.committedAt = Date.now();
      riskEvents.modelsAfterCommit = 0;
    },
  });
  client.nc.subscribe(client.contract.subjects.riskModelsUpdated, { callback: () => void riskEvents.modelsAfterCommit++ });
  storage = createPostgresStorage(topo.primaryUrl);
  const up = Date.now() - t0;
  await ingest(client, "jhu-lookup", SAMPLE.lookup);
  await ingest(client, "jhu-us-cases", SAMPLE.cases);
  for (const h of ["a", "b"] as const) {
    await waitUntil(() => gatewayAnswers(topo.hosts[h].gatewayUrl), { what: `host ${h} answers /v1/risk`, timeoutMs: 60_000 });
  }
  const streams = await client.jsm.streams.info(client.contract.streams.data.name);
  expect(streams.config.num_replicas).toBe(3);
  expect(streams.cluster?.replicas?.length).toBe(2);
  report("setup", { topologyUpMs: up, readyWithDataMs: Date.now() - t0, runDir: topo.runDir });
}, 240_000);

afterAll(async () => {
  run.printAll();
  await client?.close().catch(() => {});
  await storage?.close().catch(() => {});
  await topo?.close({ keepRunDir: run.failed || process.env.HARNESS_KEEP === "1" });
  if (run.failed) console.log(`logs kept in ${topo?.runDir}`);
}, 60_000);

/** A scenario, unless HOSTS_SCENARIO leaves it out; HOSTS_REPEAT times. */
function scenario(name: string, fn: () => Promise<void>, timeoutMs: number) {
  if (selection.HOSTS_SCENARIO && !name.includes(selection.HOSTS_SCENARIO)) return;
  for (let i = 1; i <= selection.HOSTS_REPEAT; i++) {
    run.test(selection.HOSTS_REPEAT > 1 ? `${name} (run ${i} of ${selection.HOSTS_REPEAT})` : name, fn, timeoutMs);
  }
}

describe("two-host failover", () => {
  scenario(
    "a worker killed in the middle of a batch: the batch is redelivered and the row count is exact",
    async () => {
      // One persistence instance (host A's), so the batches in flight are surely the killed one's.
      await topo.stopService("b", "persistence");
      const before = await persistenceDeliveries(client);
      const dataSeqBefore = await lastStreamSeq(client, client.contract.streams.data.name);
      const sub = await submitWithRetry(client, "jhu-us-cases", FULL_CASES);
      const jobId = sub.job.job.jobId;

      let inFlightAtKill = 0;
      let storedAtKill = 0;
      await waitUntil(
        async () => {
          const [d, summary] = await Promise.all([persistenceDeliveries(client), storage.jobSummary(jobId)]);
          inFlightAtKill = d.ackPending;
          storedAtKill = summary?.batchesDone ?? 0;
          if (summary?.state === "failed") throw new HarnessError(`job ${jobId} failed: ${summary.error}`);
          return storedAtKill >= 2 && inFlightAtKill > 0;
        },
        { what: "persistence in the middle of the job", timeoutMs: 120_000, intervalMs: 20 },
      );
      const kill = await topo.killService("a", "persistence");
      await topo.startService("b", "persistence");
      await topo.startService("a", "persistence");

      const ev = await sub.job.done;
      const recoveredMs = Date.now() - kill.killedAt;
      expect(ev.state).toBe("done");
      const expected = regionDays(FULL_CASES);
      expect(ev.counts!.rejected).toBe(0);
      expect(ev.counts!.accepted + ev.counts!.unchanged).toBe(expected); // revised ⊂ accepted
      expect(await storage.countObservations(DATASET)).toBe(expected);
      const summary = (await storage.jobSummary(jobId))!;
      expect(summary.batchesDone).toBe(summary.batchesExpected!);

      const after = await persistenceDeliveries(client);
      const messages = (await lastStreamSeq(client, client.contract.streams.data.name)) - dataSeqBefore;
      const redeliveries = after.delivered - before.delivered - messages;
      expect(redeliveries).toBeGreaterThanOrEqual(1);
      expect(await jobEventStates(client, jobId)).toEqual(["running", "done"]);
      expect(await deadLetterCount(client)).toBe(0);
      report("workerKilledMidBatch", {
        batchesInFlightAtKill: inFlightAtKill,
        batchesStoredBeforeKill: storedAtKill,
        batchesExpected: summary.batchesExpected,
        redeliveries,
        regionDaysStored: expected,
        jobDoneAfterKillMs: recoveredMs,
      });
    },
    300_000,
  );

  scenario(
    "host B killed under load on both gateways: host A keeps answering; only requests in flight fail",
    async () => {
      await risksSettled();
      const gateways = [topo.hosts.a.gatewayUrl, topo.hosts.b.gatewayUrl];
      const loading = runLoad({ gateways, path: randomUsRiskPath, concurrency: 8, ratePerSec: 200, maxRequests: 5_000, durationMs: 14_000 });
      await Bun.sleep(5_000);
      const kill = await topo.killHost("b");
      const routeGoneAt = await topo.waitRouteGone("a", "b");
      const load = await loading;

      const firstErrors = load.attempts.filter((a) => !a.isRetry && !(a.status >= 200 && a.status < 300));
      const rel = (t: number) => t - kill.killedAt;
      // B's loss is complete once its processes are gone and A's node dropped the route to it; the
      // client knows of it once it saw a failure (its balancer then ejects B).
      const knownAt = Math.max(kill.doneAt, routeGoneAt, firstErrors.length > 0 ? Math.min(...firstErrors.map((a) => a.end)) : 0);
      const afterKillOnA = load.attempts.filter((a) => a.gateway === 0 && a.start > knownAt);
      const detail = firstErrors.map((a) => `${a.gateway === 0 ? "A" : "B"} [${rel(a.start)}, ${rel(a.end)}] ms ${a.error ?? `HTTP ${a.status}`}`);
      // Failures only for requests in flight at the kill: sent to B's gateway, or sent to A's and
      // routed by NATS to B's risk worker (a queue group spans the cluster); none sent afterwards.
      expect(firstErrors.filter((a) => a.start > knownAt).map((a) => detail[firstErrors.indexOf(a)])).toEqual([]);
      const retriesFailed = load.attempts.filter((a) => a.isRetry && !(a.status >= 200 && a.status < 300));
      expect(retriesFailed.map((a) => `${a.gateway === 0 ? "A" : "B"} [${rel(a.start)}, ${rel(a.end)}] ms ${a.error ?? `HTTP ${a.status}`}`)).toEqual([]);
      expect(load.failedAfterRetry).toBe(0);
      expect(afterKillOnA.length).toBeGreaterThan(100);
      expect(afterKillOnA.filter((a) => a.status !== 200)).toEqual([]);
      const lastError = Math.max(...firstErrors.map((a) => a.end), kill.killedAt);

      const t0 = Date.now();
      await topo.startHost("b");
      await waitUntil(() => gatewayAnswers(topo.hosts.b.gatewayUrl), { what: "host B answers again", timeoutMs: 60_000 });
      const rejoinedMs = Date.now() - t0;
      await waitUntil(async () => (await replicationLag(topo.primaryUrl)).lagBytes === 0, { what: "replica caught up", timeoutMs: 60_000 });
      report("killHostB", {
        requests: load.requests,
        firstAttemptErrorsOnB: load.firstAttemptErrors[1],
        firstAttemptErrorsOnA: load.firstAttemptErrors[0],
        errorsSeenByRetryingClients: load.failedAfterRetry,
        failedAttempts: detail,
        lastErrorAfterKillMs: lastError - kill.killedAt,
        routeDroppedAfterKillMs: routeGoneAt - kill.killedAt,
        answeredByAAfterKill: afterKillOnA.length,
        p99OnAAfterKillMs: quantile(
          afterKillOnA.map((a) => a.end - a.start),
          0.99,
        ),
        hostBRestartToAnsweringMs: rejoinedMs,
        replicaCaughtUpAfterRestartMs: Date.now() - t0,
      });
    },
    240_000,
  );

  scenario(
    "host A killed: B answers from its snapshot; jobs queue and complete once A returns, once each",
    async () => {
      const clientB = await topo.connect("b", "failover-test-b");
      try {
        const dlqBefore = await deadLetterCount(client);
        const kill = await topo.killHost("a");
        const routeGoneMs = (await topo.waitRouteGone("b", "a")) - kill.killedAt;

        // Queries on B while A is gone (sequential probes, each a distinct point).
        const probe = await runLoad({
          gateways: [topo.hosts.b.gatewayUrl],
          path: randomUsRiskPath,
          concurrency: 4,
          ratePerSec: 100,
          maxRequests: 600,
          durationMs: 5_000,
          retry: false,
        });
        expect(probe.firstAttemptErrors[0]).toBe(0);

        // Ingest jobs submitted on B while A is down: stored by JetStream (B + witness quorum)...
        const deaths = await submitWithRetry(clientB, "jhu-us-deaths", SAMPLE.deaths);
        const lookup = await submitWithRetry(clientB, "jhu-lookup", SAMPLE.lookup);
        const storedAfterKillMs = Math.max(deaths.storedAt, lookup.storedAt) - kill.killedAt;
        // ...parsed on B into batches that wait in the stream, since the primary is unreachable.
        let settled = false;
        void Promise.allSettled([deaths.job.done, lookup.job.done]).then(() => (settled = true));
        await waitUntil(async () => (await persistenceDeliveries(clientB)).pending + (await persistenceDeliveries(clientB)).ackPending > 0, {
          what: "batches queued for persistence",
          timeoutMs: 60_000,
        });
        await Bun.sleep(3_000);
        expect(settled).toBe(false);
        const queued = await persistenceDeliveries(clientB);
        const downMs = Date.now() - kill.killedAt;
        // Documented, not asserted: B's readiness reports the database away (why balancers check /healthz).
        const readyzOnB = await fetch(`${topo.hosts.b.gatewayUrl}/readyz`, { signal: AbortSignal.timeout(10_000) }).then(
          (r) => r.status,
          () => 0,
        );

        const t0 = Date.now();
        await topo.startHost("a");
        const [d, l] = await Promise.all([deaths.job.done, lookup.job.done]);
        const completedAfterReturnMs = Date.now() - t0;
        expect(d.state).toBe("done");
        expect(l.state).toBe("done");
        expect(d.counts!.rejected).toBe(0);
        expect(d.counts!.accepted + d.counts!.unchanged).toBe(regionDays(SAMPLE.deaths));
        for (const s of [deaths, lookup]) {
          expect(await jobEventStates(client, s.job.job.jobId)).toEqual(["running", "done"]);
          const summary = (await storage.jobSummary(s.job.job.jobId))!;
          expect(summary.state).toBe("done");
          expect(summary.batchesDone).toBe(summary.batchesExpected!);
        }
        expect(await deadLetterCount(client)).toBe(dlqBefore);
        expect(await storage.countObservations(DATASET)).toBe(regionDays(FULL_CASES));
        await waitUntil(() => gatewayAnswers(topo.hosts.a.gatewayUrl), { what: "host A answers again", timeoutMs: 60_000 });
        report("killHostA", {
          routeDroppedAfterKillMs: routeGoneMs,
          queriesOnBWhileADown: probe.requests,
          queryErrorsOnB: probe.firstAttemptErrors[0],
          p99OnBWhileADownMs: quantile(
            probe.attempts.map((a) => a.end - a.start),
            0.99,
          ),
          jobsStoredAfterKillMs: storedAfterKillMs,
          publishAttempts: [deaths.attempts, lookup.attempts],
          batchesQueuedWhileADown: queued.pending + queued.ackPending,
          hostADownMs: downMs,
          readyzStatusOnBWhileADown: readyzOnB,
          jobsCompletedAfterAReturnedMs: completedAfterReturnMs,
          deadLetters: (await deadLetterCount(client)) - dlqBefore,
        });
      } finally {
        await clientB.close();
      }
    },
    300_000,
  );

  scenario(
    "NATS stopped: gateways answer 503 quickly, and recover by themselves when it returns",
    async () => {
      const running = (["a", "b"] as const).flatMap((h) => APP_SERVICES.map((svc) => topo.service(h, svc)!));
      const pids = running.map((r) => r.process.pid);
      const gateways = [topo.hosts.a.gatewayUrl, topo.hosts.b.gatewayUrl];
      const stop = await topo.stopNats();
      const down = await runLoad({ gateways, path: randomUsRiskPath, concurrency: 4, ratePerSec: 40, maxRequests: 400, durationMs: 6_000, retry: false, healthCheckMs: 0 });
      const downAttempts = down.attempts.filter((a) => a.start > stop.doneAt);
      expect(downAttempts.length).toBeGreaterThan(10);
      expect(downAttempts.filter((a) => a.status !== 503)).toEqual([]);
      expect(downAttempts.every((a) => a.retryAfter !== null)).toBe(true);

      // Start the nodes and watch the gateways at once: request/reply needs core NATS only, not
      // JetStream's recovery (which /healthz of each node waits for).
      const t0 = Date.now();
      const natsHealthy = topo.startNats().then(() => Date.now() - t0);
      const recovered: Record<string, number> = {};
      await Promise.all(
        (["a", "b"] as const).map(async (h) => {
          await waitUntil(() => gatewayAnswers(topo.hosts[h].gatewayUrl), { what: `host ${h} answers after NATS returned`, timeoutMs: 90_000, intervalMs: 50 });
          recovered[h] = Date.now() - t0;
        }),
      );
      const natsHealthyMs = await natsHealthy;
      // Nothing was restarted: every service reconnected by itself.
      expect(running.map((r) => r.process.pid)).toEqual(pids);
      expect(running.filter((r) => !r.process.alive()).map((r) => r.process.name)).toEqual([]);
      // JetStream work resumes too: a job submitted now completes, once.
      const t1 = Date.now();
      const job = await ingest(client, "jhu-lookup", SAMPLE.lookup);
      expect(await jobEventStates(client, job.jobId)).toEqual(["running", "done"]);
      const latencies = downAttempts.map((a) => a.end - a.start);
      report("natsStopped", {
        requestsWhileDown: downAttempts.length,
        non503WhileDown: downAttempts.filter((a) => a.status !== 503).length,
        latency503p50Ms: quantile(latencies, 0.5),
        latency503MaxMs: Math.max(...latencies),
        gatewayAAnsweringAfterNatsStartMs: recovered.a,
        gatewayBAnsweringAfterNatsStartMs: recovered.b,
        allNodesJetStreamHealthyMs: natsHealthyMs,
        ingestJobAfterRecoveryMs: Date.now() - t1,
      });
    },
    240_000,
  );
});
