// Two (and three) scheduler instances running the same schedule on one mesh: every firing is
// queued exactly once, including by an instance whose clock lags far behind the dedup window.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract, waitFor } from "../../mesh/testSupport.ts";
import { ensureStreams, type Mesh } from "../../mesh/mod.ts";
import { openJobStore, type Enqueued } from "../../jobs/mod.ts";
import { manualClock } from "./clock.ts";
import { startScheduler } from "./main.ts";
import { ScheduleSpecError } from "./errors.ts";

const T0 = Date.parse("2024-05-01T05:59:55.000Z");
const schedule = { source: "jhu-us-cases", cron: "*/10 * * * * *", url: "https://example.org/cases.csv" };

let a: Mesh;
let b: Mesh;

beforeAll(async () => {
  const contract = uniqueContract("sched");
  a = await connectTestMesh(contract, "scheduler-a");
  b = await connectTestMesh(contract, "scheduler-b");
  await ensureStreams(a);
});

afterAll(async () => {
  await deleteContractStreams(a);
  await a.close();
  await b.close();
});

describe("scheduler", () => {
  test("two instances, same schedule: each firing is queued once, under the same deterministic id", async () => {
    const clockA = manualClock(T0);
    const clockB = manualClock(T0);
    const results: Array<Enqueued & { at: Date; who: string }> = [];
    const sa = await startScheduler({ mesh: a, schedules: [schedule], clock: clockA, onScheduled: (r) => results.push({ ...r, who: "a" }) });
    const sb = await startScheduler({ mesh: b, schedules: [schedule], clock: clockB, onScheduled: (r) => results.push({ ...r, who: "b" }) });
    await waitFor(() => clockA.waiting() === 1 && clockB.waiting() === 1, "both schedulers waiting");
    for (let step = 1; step <= 6; step++) {
      await Promise.all([clockA.advance(10_000), clockB.advance(10_000)]);
      await waitFor(() => results.length === 2 * step, `firing ${step} handled by both`);
    }
    await sa.stop();
    await sb.stop();

    const ids = [...new Set(results.map((r) => r.record.jobId))].sort();
    expect(ids).toEqual([0, 10, 20, 30, 40, 50].map((s) => `jhu-us-cases-at-20240501T0600${String(s).padStart(2, "0")}Z`));
    for (const id of ids) {
      const fresh = results.filter((r) => r.record.jobId === id && !r.duplicate);
      expect(fresh).toHaveLength(1); // one instance queued it, the other was told it was a duplicate
    }
    const info = await a.jsm.streams.info(a.contract.streams.ingestJobs.name);
    expect(info.state.messages).toBe(6);
    const store = await openJobStore(a);
    const rec = await store.get(ids[0]);
    expect(rec).toMatchObject({ state: "queued", origin: "schedule", location: schedule.url, requestedAt: "2024-05-01T06:00:00.000Z" });
  });

  test("an instance whose clock lags beyond the 2-minute dedup window still queues nothing twice", async () => {
    const lagging = manualClock(T0); // fires the same times as above, long after (in real terms)
    const results: Enqueued[] = [];
    const s = await startScheduler({ mesh: b, schedules: [schedule], clock: lagging, onScheduled: (r) => results.push(r) });
    await waitFor(() => lagging.waiting() === 1, "scheduler waiting");
    for (let step = 1; step <= 3; step++) {
      await lagging.advance(10_000);
      await waitFor(() => results.length === step, `firing ${step}`);
    }
    await s.stop();
    expect(results.every((r) => r.duplicate)).toBe(true);
    const info = await a.jsm.streams.info(a.contract.streams.ingestJobs.name);
    expect(info.state.messages).toBe(6);
  });

  test("bad definitions fail at start with a named error", async () => {
    await expect(startScheduler({ mesh: a, schedules: [{ source: "x", cron: "nope", url: "https://e.org/x" }] })).rejects.toBeInstanceOf(ScheduleSpecError);
    await expect(startScheduler({ mesh: a, schedules: [{ source: "x", cron: "* * * * *" }] })).rejects.toBeInstanceOf(ScheduleSpecError);
    await expect(startScheduler({ mesh: a, pollers: [{ source: "x", file: "/tmp/x", intervalMs: 10 }] })).rejects.toBeInstanceOf(ScheduleSpecError);
  });
});
