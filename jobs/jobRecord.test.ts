import { describe, expect, test } from "bun:test";
import { recordBatchCounts, recordFinished, recordProgress, recordQueued, recordRunning } from "./jobRecord.ts";

const id = { jobId: "j1", source: "jhu-us-cases" };
const t = "2024-01-01T00:00:00.000Z";
const counts = { accepted: 10, rejected: 1, unchanged: 5, revised: 2, regions: 0 };

describe("job record transitions", () => {
  test("the state only moves forward, whatever order the writers arrive in", () => {
    const running = recordRunning(null, id, {}, t);
    expect(running.state).toBe("running");
    const queuedLate = recordQueued(running, { ...id, origin: "api", location: "https://x/y.csv", requestedAt: t }, t);
    expect(queuedLate.state).toBe("running");
    expect(queuedLate.origin).toBe("api");
    expect(queuedLate.location).toBe("https://x/y.csv");
    const done = recordFinished(queuedLate, { ...id, state: "done", counts }, t);
    expect(recordRunning(done, id, {}, t).state).toBe("done");
    expect(recordProgress(done, id, { rowsRead: 1 }, t).state).toBe("done");
  });

  test("progress only grows (a redelivered job starts reading again at 0)", () => {
    const a = recordProgress(null, id, { bytesRead: 100, rowsRead: 10, batches: 2 }, t);
    const b = recordProgress(a, id, { bytesRead: 20, rowsRead: 1, batches: 0 }, t);
    expect(b.progress).toMatchObject({ bytesRead: 100, rowsRead: 10, batches: 2 });
  });

  test("batch counts add up until the final summary, which replaces them and freezes them", () => {
    let r = recordBatchCounts(null, id, counts, 1, t);
    r = recordBatchCounts(r, id, counts, 1, t);
    expect(r.counts.accepted).toBe(20);
    expect(r.progress.batchesDone).toBe(2);
    const final = { accepted: 25, rejected: 2, unchanged: 10, revised: 4, regions: 3 };
    r = recordFinished(r, { ...id, state: "done", counts: final, batchesDone: 3, batchesExpected: 3 }, t);
    expect(r.counts).toEqual(final);
    // A late batch report from another instance must not double count.
    expect(recordBatchCounts(r, id, counts, 1, t).counts).toEqual(final);
    // Nor does a second summary change the first.
    expect(recordFinished(r, { ...id, state: "failed", counts, error: "x" }, t).state).toBe("done");
  });
});
