// Host crashes: `docker kill` of a machine (its daemon, containerd and every container die at
// once, with no FIN or RST to the others), then it boots again and its daemon restarts the
// containers. Host B under load on both gateways with a job in flight; then host A, with jobs
// submitted on B while A (the primary's host) is down.
import { expect } from "bun:test";
import { quantile, randomUsRiskPath, runLoad } from "../../harness/load.ts";
import { regionDays } from "../../harness/regionDays.ts";
import { waitUntil } from "../../harness/waitUntil.ts";
import { answers, DATASET, expectDoneOnce, host, replicaCaughtUp, run, SAMPLE, SAMPLE_DEATHS_HERE, waitJobDone, waitRoutes } from "../context.ts";
import { installProbe, probe, waitHealthy } from "../deployment.ts";

export function registerHostCrashes(): void {
  run.test(
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
        `${a.gateway === 0 ? "A" : "B"}${a.isRetry ? " retry" : ""} [${rel(a.start)}, ${rel(a.end)}] ms ${a.error ?? `HTTP ${a.status} ${a.body ?? ""}`}`;
      // Until A's node drops its route to B, a request may still go to B's gateway or, through
      // NATS, to B's risk worker; once it has, every request is answered.
      expect(load.attempts.filter((a) => bad(a) && a.start > routeGoneAt).map(detail)).toEqual([]);
      expect(onAAfterKill.filter((a) => a.start > routeGoneAt).length).toBeGreaterThan(20);
      // The job submitted just before the kill: stored exactly once (A holds the primary).
      const sum = await waitJobDone(host.a, job.jobId, 300_000);
      expect(sum.rejected).toBe(0);
      expect(sum.accepted + sum.unchanged).toBe(regionDays(SAMPLE_DEATHS_HERE));
      expect(sum.batchesDone).toBe(sum.batchesExpected!);
      const jobStarts = await expectDoneOnce(host.a, job.jobId);
      expect(await probe<number>(host.a, "rows", DATASET)).toBe(rowsBefore);

      await waitUntil(() => answers(host.b), { what: "host B answers again", timeoutMs: 240_000, intervalMs: 1_000 });
      const answeringMs = Date.now() - s;
      await waitUntil(replicaCaughtUp, { what: "replica caught up", timeoutMs: 180_000, intervalMs: 1_000 });
      const caughtUpMs = Date.now() - s;
      await waitHealthy(host.b, 240_000);
      await installProbe(host.b);
      run.report("killHostB", {
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
  run.test(
    "host A killed: B keeps answering; jobs submitted meanwhile complete once after A returns",
    async () => {
      const dlqBefore = await probe<number>(host.b, "dlq");
      const rowsBefore = await probe<number>(host.a, "rows", DATASET);
      const killedAt = await host.a.kill();
      let booted = false;
      let passed = false;
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
        // Parsed on B, but not stored: the primary is on A. The read waits 5 s for a final
        // state, which must not come.
        expect(await probe<string[]>(host.b, "events", deaths.jobId, "5000")).not.toContain("done");
        const downMs = Date.now() - killedAt;
        const s = Date.now();
        await host.a.boot();
        booted = true;
        const [d, l] = await Promise.all([waitJobDone(host.b, deaths.jobId, 600_000), waitJobDone(host.b, lookup.jobId, 600_000)]);
        const completedMs = Date.now() - s;
        expect(d.rejected).toBe(0);
        expect(d.accepted + d.unchanged).toBe(regionDays(SAMPLE_DEATHS_HERE));
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
        await waitUntil(replicaCaughtUp, { what: "replica streaming again", timeoutMs: 240_000, intervalMs: 1_000 });
        await installProbe(host.a); // same container, but be sure after the reboot
        run.report("killHostA", {
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
        passed = true;
      } finally {
        // After a failure too: the next scenario starts from a healthy host A, not from one whose
        // services still restart while its database recovers.
        if (!booted) await host.a.boot();
        if (!passed) await waitHealthy(host.a, 300_000).catch(() => {});
      }
    },
    900_000,
  );
}
