// The CLI waiter follows the job record as well as the job's events: a final event lost in a
// NATS restart cannot hang it.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "../mesh/testSupport.ts";
import { ensureStreams, type Mesh } from "../mesh/mod.ts";
import { submitIngest } from "./ingestClient.ts";
import { openJobStore, recordFinished } from "../jobs/mod.ts";

let mesh: Mesh;

beforeAll(async () => {
  mesh = await connectTestMesh(uniqueContract("waiter"));
  await ensureStreams(mesh);
});

afterAll(async () => {
  await deleteContractStreams(mesh);
  await mesh.close();
});

test("a job whose record ends without any event still releases its waiter", async () => {
  // No worker runs: nothing will ever publish an event for this job.
  const submitted = await submitIngest(mesh, { source: "jhu-us-cases", url: "https://example.org/x.csv" }, { timeoutMs: 20_000 });
  const store = await openJobStore(mesh);
  const id = { jobId: submitted.job.jobId, source: "jhu-us-cases" };
  await store.update(id.jobId, (cur) =>
    recordFinished(
      cur,
      { ...id, state: "failed", counts: { accepted: 0, rejected: 0, unchanged: 0, revised: 0, regions: 0 }, error: "source_unreachable" },
      new Date().toISOString(),
    ),
  );
  const ev = await submitted.done;
  expect(ev).toMatchObject({ jobId: id.jobId, state: "failed", error: "source_unreachable" });
});
