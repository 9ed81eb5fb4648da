// A risk query that NATS hands to a worker which never answers (its host died before the route
// to it was dropped) is sent once more within the request's deadline, and the live pool
// answers it: the client sees 200, not a 503 at the deadline.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectTestMesh, uniqueContract } from "../../mesh/testSupport.ts";
import type { Mesh } from "../../mesh/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../../workers/exposure-risk/mod.ts";
import { fakeStorage, loadSample } from "../../workers/exposure-risk/testSupport.ts";
import { createApp } from "../app.ts";
import { createMeshPort, type RealMeshPort } from "../meshPort.ts";

const contract = uniqueContract("deadworker");
let gatewayMesh: Mesh;
let workerMesh: Mesh;
let worker: ExposureRiskWorker | null = null;
let port: RealMeshPort;

beforeAll(async () => {
  [gatewayMesh, workerMesh] = await Promise.all([connectTestMesh(contract, "gateway"), connectTestMesh(contract, "exposure-risk")]);
  port = createMeshPort(gatewayMesh);
});

afterAll(async () => {
  await worker?.stop();
  await port?.close();
  await Promise.all([gatewayMesh?.close(), workerMesh?.close()]);
});

test("a batch swallowed by a dying worker is asked again and answered by the live pool", async () => {
  const sample = await loadSample();
  // The dying worker: takes the first batch and never answers, then its interest is gone.
  const swallowed: string[] = [];
  const blackHole = workerMesh.nc.subscribe(contract.subjects.riskRegionsBatch, { max: 1, callback: (_e, m) => void swallowed.push(m.subject) });
  await workerMesh.nc.flush();
  const app = createApp({ mesh: port, requestTimeoutMs: 10_000, rateLimit: { ratePerSecond: 0, burst: 1 } });
  const res = app.request("/v1/risk?lat=40.7128&lon=-74.006", { headers: { "cache-control": "no-cache" } });
  // The live pool starts only after the first attempt was swallowed, so the answer can only
  // come from a second attempt (5 s after the first: the worker's start took 1.5 s at load 16).
  while (swallowed.length === 0) await Bun.sleep(5);
  expect(blackHole.isClosed()).toBe(true);
  worker = await startExposureRiskWorker({ mesh: workerMesh, storage: fakeStorage(sample.regions, { "jhu-us": sample.series }), ascertainment: 5 });
  const answer = await res;
  expect(answer.status).toBe(200);
  expect(((await answer.json()) as { region: { id: number } }).region.id).toBe(84036061);
  expect(port.riskBatchStats().retried).toBe(1);
}, 60_000);
