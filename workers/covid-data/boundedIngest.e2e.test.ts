// Through the mesh into storage: the bounds of one ingest job. An over-long line is quarantined
// and the rest of the file lands; a gzip bomb fails the job with its reason after one delivery;
// a job past its quarantine cap fails with the count; a long parse reports progress before any
// batch is published (so the pool extends the ack deadline).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { submitIngest } from "../../cli/ingestClient.ts";
import { publish } from "../../mesh/mod.ts";
import { waitFor } from "../../mesh/testSupport.ts";
import { SHARED_DATA } from "../../cli/testSupport.ts";
import { DEFAULT_INGEST_LIMITS, DEFAULT_MAX_RECORD_CHARS, observationsToTable } from "../../pipelines/mod.ts";
import { overlongReason } from "../../pipelines/csvRows.ts";
import { runIngestJob, type IngestProgress } from "./runIngestJob.ts";
import { startIngestionSystem, type IngestionSystem } from "./testSupport.ts";
import { messages } from "../../domain/mod.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const NYT = join(SHARED_DATA, "nyt/us-states.csv.gz");
const shared = needsSharedData(NYT);
// Read at load only when present; without the file the tests that use it skip.
const lines = (shared.present ? gunzipSync(readFileSync(NYT)) : Buffer.alloc(0))
  .toString("utf8")
  .split(/\r?\n/)
  .filter((l) => l.length > 0);
const QUARANTINE_CAP = 5;

let system: IngestionSystem;
let dir: string;

async function ingest(req: { source: string; file: string }) {
  const job = await submitIngest(system.client, req, { timeoutMs: 100_000 });
  return { ...(await job.done), jobId: job.job.jobId };
}

/** Writes `head` lines, one line of `length` 'a's, then `tail` lines, without holding the long line twice. */
async function writeWithLongLine(path: string, head: string[], length: number, tail: string[]): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${head.join("\n")}\n`);
  const block = Buffer.alloc(1 << 20, 0x61);
  for (let left = length; left > 0; left -= block.length) out.write(left >= block.length ? block : block.subarray(0, left));
  out.write(`\n${tail.join("\n")}\n`);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

beforeAll(async () => {
  system = await startIngestionSystem({ limits: { ...DEFAULT_INGEST_LIMITS, maxQuarantineRows: QUARANTINE_CAP } });
  dir = mkdtempSync(join(tmpdir(), "covidmesh-bounded-"));
});

afterAll(async () => {
  await system?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("bounded ingest jobs", () => {
  shared.test("a line longer than the record cap is quarantined; every other row lands", async () => {
    const file = join(dir, "long-line.csv");
    await writeWithLongLine(file, lines.slice(0, 101), 3 * 1024 * 1024, lines.slice(101, 201));
    const ev = await ingest({ source: "nyt-us-states", file });
    expect(ev.state).toBe("done");
    expect(ev.counts).toMatchObject({ accepted: 200, rejected: 1 });
    const q = await system.storage.listQuarantine(ev.jobId);
    expect(q.map((r) => [r.line, r.reason.startsWith(overlongReason(DEFAULT_MAX_RECORD_CHARS))])).toEqual([[102, true]]);
    expect(q[0].raw.length).toBeLessThanOrEqual(16 * 1024);
  });

  shared.test("a 64 MB line in a 65 KB gzip fails the job as a gzip bomb (too_large)", async () => {
    const file = join(dir, "bomb.csv.gz");
    const head = gzipSync(`${lines.slice(0, 50).join("\n")}\n`);
    writeFileSync(file, Buffer.concat([head, gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x61), { level: 9 })]));
    const ev = await ingest({ source: "nyt-us-states", file });
    expect(ev.state).toBe("failed");
    // Clients see the category; the DecompressionLimitError's text (gzip bomb, ratio) goes to the worker's log.
    expect(ev.error).toBe("too_large");
  });

  shared.test("a job past its quarantine cap fails (bad_format)", async () => {
    const bad = lines.slice(1, 9).map((l) => l.replace(/^(\d{4}-\d{2}-\d{2}),/, "not-a-date,"));
    const file = join(dir, "many-bad.csv");
    writeFileSync(file, `${[lines[0], ...lines.slice(9, 30), ...bad].join("\n")}\n`);
    const ev = await ingest({ source: "nyt-us-states", file });
    expect(ev.state).toBe("failed");
    // Clients see the category; the QuarantineLimitError's text (8 rows, more than the cap) goes to the worker's log.
    expect(ev.error).toBe("bad_format");
  });

  shared.test("progress is reported while one long line is read, before any batch", async () => {
    const file = join(dir, "progress.csv");
    await writeWithLongLine(file, lines.slice(0, 11), 8 * 1024 * 1024, lines.slice(11, 21));
    const seen: IngestProgress[] = [];
    const jobId = `progress-${Math.random().toString(36).slice(2, 10)}`;
    const p = await runIngestJob(system.client, { jobId, source: "nyt-us-states", file, requestedAt: new Date().toISOString() }, jobId, {
      progressIntervalMs: 0,
      onProgress: (x) => seen.push({ ...x }),
    });
    const before = seen.filter((x) => x.batches === 0);
    // One report per chunk pulled while the 8 MB line streams past (64 KiB file chunks).
    expect(before.length).toBeGreaterThan(50);
    expect(before.at(-1)!.bytesRead).toBeGreaterThan(8 * 1024 * 1024);
    expect(p.batches).toBeGreaterThan(0);
  });

  test("a batch holding Infinity and a day in year 1 (from an older publisher) loses those rows, not the batch", async () => {
    const jobId = `guard-${Math.random().toString(36).slice(2, 10)}`;
    const day = Date.parse("2021-03-01T00:00:00Z") / 86_400_000;
    const columns = {
      regionId: Int32Array.of(84000036, 84000006, 84000053, 84000001),
      day: Int32Array.of(day, day, -719162, day),
      cumCases: Float64Array.of(100, Number.POSITIVE_INFINITY, 5, 7),
    };
    const s = system.client.contract.subjects;
    const meta = { jobId, seq: 0, source: "nyt-us-states", dataset: "guard-test" };
    await publish(system.client, s.observations("guard-test"), messages.observationBatch, observationsToTable({ ...meta, columns }), { id: `${jobId}-0` });
    const manifest = { jobId, source: "nyt-us-states", batches: 1, rowsRead: 4, bytesRead: 0, startedAt: new Date().toISOString() };
    await publish(system.client, s.manifests("guard-test"), messages.manifest, manifest, { id: `${jobId}-manifest` });
    await waitFor(async () => (await system.storage.jobSummary(jobId))?.state === "done", "the guarded job to finish", 60_000);
    expect(await system.storage.jobSummary(jobId)).toMatchObject({ state: "done", accepted: 2, rejected: 2 });
    expect((await system.storage.getObservation(84000036, "guard-test", day))?.cumCases).toBe(100);
    expect(await system.storage.getObservation(84000006, "guard-test", day)).toBeNull();
    const q = await system.storage.listQuarantine(jobId);
    expect(q.map((r) => [r.line, r.reason.split(":")[0]])).toEqual([
      [2, "dropped before storage"],
      [3, "dropped before storage"],
    ]);
  });
});
