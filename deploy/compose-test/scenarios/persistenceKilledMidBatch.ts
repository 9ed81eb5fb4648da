// A persistence process killed (SIGKILL) in the middle of a large ingest: Docker restarts it, the
// unacknowledged batches are redelivered, and the row count is exactly the file's region-days.
import { expect } from "bun:test";
import { join } from "node:path";
import { SHARED_DATA } from "../../../cli/testSupport.ts";
import { HarnessError } from "../../harness/errors.ts";
import { regionDays } from "../../harness/regionDays.ts";
import { waitUntil } from "../../harness/waitUntil.ts";
import { DATASET, expectDoneOnce, FULL_CASES, host, lifetimes, run, waitJobDone, type Summary } from "../context.ts";
import { containerOf, crashService, probe } from "../deployment.ts";

export function registerPersistenceKilledMidBatch(): void {
  run.test(
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
      run.report("persistenceKilledMidBatch", {
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
}
