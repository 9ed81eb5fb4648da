import { describe, expect, test } from "bun:test";
import { recordBatchCounts, recordFinished, recordProgress, recordRunning } from "../jobs/mod.ts";
import { createProgressView, fractionDone, renderBar } from "./progress.ts";

const id = { jobId: "jhu-us-cases-x", source: "jhu-us-cases" };
const t = "2024-01-01T00:00:00.000Z";
const counts = { accepted: 10, rejected: 1, unchanged: 0, revised: 0, regions: 0 };

describe("ingest progress", () => {
  test("the bar fills with bytes read, then with batches stored", () => {
    const start = recordRunning(null, id, { bytesTotal: 1000 }, t);
    expect(fractionDone(start)).toBe(0);
    const half = recordProgress(start, id, { bytesRead: 500, rowsRead: 40, batches: 2 }, t);
    expect(fractionDone(half)).toBe(0.25);
    expect(renderBar(half, 8)).toStartWith("[##------]  25% running · read 500 B/1000 B, 40 rows");
    const read = recordBatchCounts(recordProgress(half, id, { bytesRead: 1000, batches: 4, batchesExpected: 4 }, t), id, counts, 2, t);
    expect(fractionDone(read)).toBe(0.75);
    expect(renderBar(recordFinished(read, { ...id, state: "done", counts }, t), 8)).toStartWith("[########] 100% done");
  });

  test("without a known size the bar says so", () => {
    expect(renderBar(recordRunning(null, id, {}, t), 4)).toStartWith("[????]  ?% running");
  });

  test("a terminal gets one redrawn line; a pipe gets plain lines, throttled, and one per state change", () => {
    const out: string[] = [];
    let clock = 0;
    const tty = createProgressView({ tty: true, write: (s) => out.push(s) });
    tty.update(recordRunning(null, id, { bytesTotal: 10 }, t));
    tty.end();
    expect(out[0]).toStartWith("\r\x1b[2K[");
    expect(out[1]).toBe("\n");

    out.length = 0;
    const plain = createProgressView({ tty: false, write: (s) => out.push(s), now: () => clock, plainEveryMs: 1000 });
    const r = recordRunning(null, id, { bytesTotal: 10 }, t);
    plain.update(r);
    clock = 10;
    plain.update(recordProgress(r, id, { bytesRead: 5 }, t)); // throttled
    clock = 2000;
    plain.update(recordProgress(r, id, { bytesRead: 6 }, t));
    plain.update(recordFinished(r, { ...id, state: "done", counts }, t)); // state change: printed at once
    expect(out).toHaveLength(3);
    expect(out.every((l) => l.startsWith("progress jhu-us-cases-x: ") && l.endsWith("\n") && !l.includes("\x1b"))).toBe(true);
    expect(out[2]).toContain("100% done");
  });
});
