// No job stays running forever: a batch that cannot be stored (dead-lettered) ends its job as
// failed with a category, and a finished job whose event could not be published is announced
// from the storage outbox.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract, waitFor } from "../../mesh/testSupport.ts";
import { codecOf, ensureStreams, publish, type Mesh } from "../../mesh/mod.ts";
import { observationsToTable } from "../../pipelines/mod.ts";
import type { Storage } from "../../sql/mod.ts";
import { startPersistenceWorker, type PersistenceWorker } from "./main.ts";
import { type JobStore, openJobStore } from "../../jobs/mod.ts";
import { type TestDatabase, createTestDatabase } from "../../sql/testSupport.ts";
import { messages } from "../../domain/mod.ts";

let mesh: Mesh;
let db: TestDatabase;
let storage: Storage;
let worker: PersistenceWorker;
let store: JobStore;

beforeAll(async () => {
  mesh = await connectTestMesh(uniqueContract("jobend"));
  await ensureStreams(mesh);
  db = await createTestDatabase("covidmesh_jobend");
  storage = db.open();
  await storage.migrate();
  store = await openJobStore(mesh);
  worker = await startPersistenceWorker({ mesh, storage, maxDeliver: 2, backoffMs: [200], outboxSweepMs: 300 });
});

afterAll(async () => {
  await worker?.stop();
  await storage?.close();
  await db?.drop();
  await deleteContractStreams(mesh);
  await mesh.close();
});

/** The last event stored in JOB_EVENTS for a job, polled until it is final or the time is up. */
async function finalEvent(jobId: string, withinMs = 30_000): Promise<{ state: string; error?: string | null } | null> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const m = await mesh.jsm.streams.getMessage(mesh.contract.streams.jobEvents.name, { last_by_subj: mesh.contract.subjects.jobEvents(jobId) }).catch(() => null);
    const ev = m ? (codecOf(messages.jobEvent).decode(m.data) as { state: string; error?: string | null }) : null;
    if ((ev && (ev.state === "done" || ev.state === "failed")) || Date.now() >= deadline) return ev;
    await Bun.sleep(200);
  }
}

describe("job end", () => {
  test("a batch that is dead-lettered (storage refuses it: no value column) ends its job as failed, with a category", async () => {
    const jobId = `refused-${crypto.randomUUID().slice(0, 8)}`;
    const source = "jhu-us-cases";
    const dataset = "jhu-us";
    // Non-finite values no longer get this far (persistence quarantines them row by row); a batch
    // without any value column is still refused whole by storage.
    const columns = { regionId: Int32Array.of(84036061), day: Int32Array.of(18500) };
    await publish(mesh, mesh.contract.subjects.observations(dataset), messages.observationBatch, observationsToTable({ jobId, seq: 0, source, dataset, columns }), {
      id: `${jobId}-0`,
    });
    await publish(
      mesh,
      mesh.contract.subjects.manifests(dataset),
      messages.manifest,
      {
        jobId,
        source,
        batches: 1,
        rowsRead: 1,
        bytesRead: 10,
        startedAt: new Date().toISOString(),
      },
      { id: `${jobId}-manifest` },
    );

    const record = await store.follow(jobId, 60_000);
    expect(record?.state).toBe("failed");
    expect(record?.error).toBe("storage_rejected");
    expect(await finalEvent(jobId)).toMatchObject({ state: "failed", error: "storage_rejected" });
    expect(await storage.jobSummary(jobId)).toMatchObject({ state: "failed", error: "storage_rejected" });
    // The outbox entry is cleared after JetStream acknowledged the event (jobAnnouncer.ts), so a
    // moment after the event can be seen: wait for it (CI once read it in between).
    await waitFor(async () => !(await storage.unannouncedJobs(1_000)).some((j) => j.jobId === jobId), `the outbox entry of ${jobId} to be cleared`);
    expect((await storage.unannouncedJobs(1_000)).map((j) => j.jobId)).not.toContain(jobId);
  });

  test("a job finished in storage but never announced is announced by the outbox sweep", async () => {
    const jobId = `owed-${crypto.randomUUID().slice(0, 8)}`;
    // As if the instance that completed it died before publishing the event.
    await storage.recordManifest({ jobId, source: "jhu-us-cases", batches: 0, rowsRead: 0, bytesRead: 0, startedAt: new Date().toISOString() });
    expect(await storage.completeJobIfDone(jobId)).toMatchObject({ state: "done" });

    expect(await finalEvent(jobId)).toMatchObject({ state: "done" });
    expect((await store.follow(jobId, 30_000))?.state).toBe("done");
    await waitFor(async () => !(await storage.unannouncedJobs(1_000)).some((j) => j.jobId === jobId), `the outbox entry of ${jobId} to be cleared`);
    expect((await storage.unannouncedJobs(1_000)).map((j) => j.jobId)).not.toContain(jobId);
  });
});
