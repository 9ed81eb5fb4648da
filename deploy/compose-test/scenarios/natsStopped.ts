// Every NATS container stopped under load: the gateways answer 503 with Retry-After, fast; once
// NATS starts again they answer with no service restarted, and a job completes once.
import { expect } from "bun:test";
import { outageFigures, randomUsRiskPath, runLoad } from "../../harness/load.ts";
import { waitUntil } from "../../harness/waitUntil.ts";
import { answers, expectDoneOnce, host, lifetimes, run, SAMPLE, waitJobDone } from "../context.ts";
import { probe, waitHealthy } from "../deployment.ts";

export function registerNatsStopped(): void {
  run.test(
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
      run.report("natsStopped", {
        ...outageFigures(downAttempts),
        gatewayAAnsweringAfterNatsStartMs: recovered.a,
        gatewayBAnsweringAfterNatsStartMs: recovered.b,
        allHealthyAfterNatsStartMs: healthyMs,
        ingestJobAfterRecoveryMs: Date.now() - t1,
      });
    },
    900_000,
  );
}
