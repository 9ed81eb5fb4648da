import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "../mesh/testSupport.ts";
import { ensureStreams, type Mesh } from "../mesh/mod.ts";
import { openJobStore, type JobStore } from "./jobStore.ts";
import { enqueueIngestJob } from "./enqueueIngest.ts";
import { createJobReporter } from "./jobReporter.ts";
import { recordBatchCounts, recordQueued } from "./jobRecord.ts";

let mesh: Mesh;
let store: JobStore;
const id = (jobId: string) => ({ jobId, source: "jhu-us-cases" });
const one = { accepted: 1, rejected: 0, unchanged: 0, revised: 0, regions: 0 };

beforeAll(async () => {
  mesh = await connectTestMesh(uniqueContract("jobs"));
  await ensureStreams(mesh);
  store = await openJobStore(mesh);
});

afterAll(async () => {
  await deleteContractStreams(mesh);
  await mesh.close();
});

describe("job store in NATS KV", () => {
  test("concurrent writers through compare-and-set lose no update", async () => {
    const writers = 8;
    const each = 10;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < each; i++) await store.update("cas", (cur) => recordBatchCounts(cur, id("cas"), one, 1, new Date().toISOString()));
      }),
    );
    const r = await store.get("cas");
    expect(r!.counts.accepted).toBe(writers * each);
    expect(r!.progress.batchesDone).toBe(writers * each);
  });

  test("follow sees the record through to its final state", async () => {
    const seen: string[] = [];
    const following = store.follow("f1", 10_000, (r) => seen.push(r.state));
    const reporter = createJobReporter(store, { flushMs: 10 });
    await store.update("f1", (cur) => recordQueued(cur, { ...id("f1"), origin: "api", location: null, requestedAt: new Date().toISOString() }, new Date().toISOString()));
    await reporter.running(id("f1"));
    reporter.progress(id("f1"), { rowsRead: 5, bytesRead: 50, batches: 1 });
    await reporter.flush();
    await reporter.finished({ ...id("f1"), state: "done", counts: one, batchesDone: 1, batchesExpected: 1 });
    const last = await following;
    expect(last!.state).toBe("done");
    expect(last!.progress.rowsRead).toBe(5);
    expect(seen[seen.length - 1]).toBe("done");
    expect(seen).toContain("running");
  });

  test("follow gives up at its deadline and returns the last record (null if none)", async () => {
    expect(await store.follow("never-submitted", 200)).toBeNull();
  });

  test("a job id is queued once: a second submission is reported as a duplicate and not published", async () => {
    const job = { jobId: "dup-1", source: "jhu-us-cases", url: "https://example.org/x.csv", requestedAt: new Date().toISOString() };
    const first = await enqueueIngestJob(mesh, store, job, { origin: "schedule" });
    const second = await enqueueIngestJob(mesh, store, job, { origin: "schedule" });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(first.record).toMatchObject({ state: "queued", origin: "schedule", location: job.url });
    const info = await mesh.jsm.streams.info(mesh.contract.streams.ingestJobs.name);
    expect(info.state.messages).toBe(1);
  });
});
