// `docker compose restart postgres` on host A under load on both gateways: risk answers come from
// the workers' snapshots, so they should not depend on the database; afterwards the deployment
// recovers by itself, the replica streams again and a job completes once.
import { expect } from "bun:test";
import { quantile, randomUsRiskPath, runLoad } from "../../harness/load.ts";
import { waitUntil } from "../../harness/waitUntil.ts";
import { answers, DATASET, expectDoneOnce, host, isError, lifetimes, replicaCaughtUp, restartedSince, run, SAMPLE, waitJobDone } from "../context.ts";
import { probe, waitHealthy } from "../deployment.ts";

export function registerPostgresPrimaryRestarted(): void {
  run.test(
    "the Postgres primary restarted under load: queries keep being answered, no service restarts, the replica resumes, a job completes once",
    async () => {
      const rowsBefore = await probe<number>(host.a, "rows", DATASET);
      const lives = { a: await lifetimes(host.a), b: await lifetimes(host.b) };
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
      const bad = load.attempts.filter(isError);
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
      // Risk answers come from the workers' snapshots in memory: a client that retries once (as
      // behind a balancer) sees no error, and no service process dies with the database's
      // connections (postgres.js's null-socket crash is contained: sql/drivers/nullSocketGuard.ts).
      const restarted = {
        a: await restartedSince(host.a, lives.a, /-postgres-/),
        b: await restartedSince(host.b, lives.b, /-postgres-/),
      };
      console.log(`postgresPrimaryRestarted restarted containers: ${JSON.stringify(restarted)}`);
      expect(restarted).toEqual({ a: [], b: [] });
      expect(bad.filter((a) => a.isRetry).map((a) => `${a.start - s} ms ${a.error ?? a.status}`)).toEqual([]);
      // Then both gateways answer, and a run of queries has no error.
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
      expect(after.attempts.filter(isError).map((a) => a.error ?? a.status)).toEqual([]);
      await waitUntil(replicaCaughtUp, { what: "replica streaming again", timeoutMs: 240_000, intervalMs: 500 });
      const replicaMs = Date.now() - s;
      const t1 = Date.now();
      const job = await probe<{ jobId: string }>(host.b, "submit", "jhu-us-deaths", SAMPLE.deaths);
      const sum = await waitJobDone(host.a, job.jobId, 300_000);
      expect(sum.batchesDone).toBe(sum.batchesExpected!);
      await expectDoneOnce(host.a, job.jobId);
      expect(await probe<number>(host.a, "rows", DATASET)).toBe(rowsBefore);
      for (const h of [host.a, host.b]) await waitHealthy(h, 240_000);
      run.report("postgresPrimaryRestarted", {
        ...figures,
        allAnsweringAfterAcceptingMs: recoveredMs,
        containersRestartedOnA: restarted.a,
        containersRestartedOnB: restarted.b,
        replicaStreamingAfterRestartMs: replicaMs,
        ingestJobAfterRestartMs: Date.now() - t1,
      });
    },
    600_000,
  );
}
