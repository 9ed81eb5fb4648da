// Revalidation of held risk frames over the real mesh (the shared NATS server, a unique subject
// prefix): a query that names the frame the gateway holds gets that very frame back when the
// pool's frame is still the one named (its bytes did not travel again), the pool's current frame
// when it is not; and a gateway of this version still gets answers from a pool of version 1.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectTestMesh, uniqueContract } from "../mesh/testSupport.ts";
import {
  frameTagOf,
  request,
  riskFrameBatchMessages,
  riskFrameOf,
  riskRegionBatchQueryV1,
  serve,
  type Mesh,
  type RiskFrameResult,
  type RiskRegionBatchQuery,
  type Server,
} from "../mesh/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../workers/exposure-risk/mod.ts";
import { fakeStorage, loadSample } from "../workers/exposure-risk/testSupport.ts";
import { createMeshPort, type RealMeshPort } from "./meshPort.ts";
import { riskAnswer } from "./testSupport.ts";

const COOK = { lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: [84017031, 84000017] };
const ctx = { timeoutMs: 5000, correlationId: "revalidation-test" };
const meshes: Mesh[] = [];
let worker: ExposureRiskWorker;
let port: RealMeshPort;

beforeAll(async () => {
  const sample = await loadSample();
  const contract = uniqueContract("reval");
  const [gatewayMesh, workerMesh] = await Promise.all([connectTestMesh(contract, "gateway"), connectTestMesh(contract, "exposure-risk")]);
  meshes.push(gatewayMesh, workerMesh);
  worker = await startExposureRiskWorker({ mesh: workerMesh, storage: fakeStorage(sample.regions, { "jhu-us": sample.series }), ascertainment: 5 });
  port = createMeshPort(gatewayMesh);
});

afterAll(async () => {
  await worker?.stop();
  await port?.close();
  await Promise.all(meshes.map((m) => m.close()));
});

describe("held frames over the mesh", () => {
  test("the held frame comes back itself while it is the pool's; a stale one gets the pool's frame", async () => {
    const first = await port.risk(COOK, ctx);
    expect(first.tag).toBe(frameTagOf({ ...first, tag: undefined }));
    expect(await port.risk(COOK, ctx, first)).toBe(first);
    const stale = { ...first, parts: first.parts.map((p) => p.replace('"fresh":true', '"fresh":false')), tag: "0" };
    const again = await port.risk(COOK, ctx, stale);
    expect(again).not.toBe(stale);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    // Another query's frame is not mistaken for this one's.
    expect(await port.risk({ ...COOK, groupSize: 21 }, ctx, first)).not.toBe(first);
  });

  test("the pool answers a version-1 batch in version 1", async () => {
    const [m] = meshes;
    const v1Reply = { ...riskFrameBatchMessages.riskFrameBatch, version: 1 };
    const reply = await request(m, m.contract.subjects.riskRegionsBatch, riskRegionBatchQueryV1, { queries: [COOK] }, v1Reply, { ...ctx, compactEnvelope: true });
    expect(reply.envelope.schemaVersion).toBe(1);
    expect(reply.value).toHaveLength(1);
    expect("frame" in reply.value[0]).toBe(true);
  });
});

describe("a pool of version 1", () => {
  test("refuses a version-2 batch as too new; the gateway asks again in version 1, without the known frames", async () => {
    const contract = uniqueContract("revalv1");
    const [gw, pool] = await Promise.all([connectTestMesh(contract, "gateway"), connectTestMesh(contract, "exposure-risk")]);
    meshes.push(gw, pool);
    const received: RiskRegionBatchQuery[] = [];
    const frame = riskFrameOf(riskAnswer, () => [41.8, -87.6]);
    const server: Server = serve(pool, contract.subjects.riskRegionsBatch, {
      queue: "v1",
      request: riskRegionBatchQueryV1,
      response: { ...riskFrameBatchMessages.riskFrameBatch, version: 1 },
      handler: async (batch): Promise<RiskFrameResult[]> => {
        received.push(batch);
        return batch.queries.map(() => ({ frame }));
      },
    });
    await pool.nc.flush();
    const v2Port = createMeshPort(gw);
    try {
      const got = await v2Port.risk(COOK, ctx, { ...frame, tag: "abc" });
      expect(got).toEqual(frame);
      expect(received).toHaveLength(1); // the version-2 batch never reached the handler
      expect(received[0].queries[0]).not.toHaveProperty("known");
    } finally {
      await server.stop();
      await v2Port.close();
    }
  });
});
