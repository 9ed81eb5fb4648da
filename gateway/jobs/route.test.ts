// GET /v1/jobs/:id over a fake mesh.
import { describe, expect, test } from "bun:test";
import { expectProblem, fakeJobsMesh, keyedApp, post } from "../testSupport.ts";
import { type JobRecord } from "../../domain/mod.ts";

describe("GET /v1/jobs/:id", () => {
  test("shows state, progress and counts; 404 for an unknown id; 400 for a malformed one", async () => {
    const fake = fakeJobsMesh();
    const a = keyedApp(fake);
    const { jobId } = (await (await post(a, "/v1/ingest", { source: "jhu-us-cases", url: "https://e.org/x.csv" })).json()) as JobRecord;
    const res = await a.request(`/v1/jobs/${jobId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as JobRecord;
    expect(body).toMatchObject({ jobId, state: "queued", progress: { bytesRead: 0, rowsRead: 0 }, counts: { accepted: 0, rejected: 0, unchanged: 0, revised: 0 } });
    await expectProblem(await a.request("/v1/jobs/nope"), 404);
    await expectProblem(await a.request("/v1/jobs/bad.id"), 400);
  });
});
