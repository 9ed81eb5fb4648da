// The gateway over the real mesh (the shared NATS server, a unique subject prefix) and a real
// exposure-risk worker on the bundled sample: every read route end to end, the correlation id
// from the client into the worker's log and back, cache drops on the worker's update event,
// and 503 when no worker answers.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import pino from "pino";
import { connectTestMesh, uniqueContract, waitFor } from "../mesh/testSupport.ts";
import type { Mesh } from "../mesh/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../workers/exposure-risk/mod.ts";
import { fakeStorage, loadSample } from "../workers/exposure-risk/testSupport.ts";
import { createApp } from "./app.ts";
import { createMeshPort, type RealMeshPort } from "./meshPort.ts";

const contract = uniqueContract("gw");
const workerLines: Array<Record<string, unknown>> = [];
let gatewayMesh: Mesh;
let workerMesh: Mesh;
let worker: ExposureRiskWorker | null = null;
let port: RealMeshPort;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  const sample = await loadSample();
  [gatewayMesh, workerMesh] = await Promise.all([connectTestMesh(contract, "gateway"), connectTestMesh(contract, "exposure-risk")]);
  const logger = pino({ level: "debug" }, { write: (line: string) => void workerLines.push(JSON.parse(line)) });
  worker = await startExposureRiskWorker({ mesh: workerMesh, storage: fakeStorage(sample.regions, { "jhu-us": sample.series }), ascertainment: 5, logger });
  port = createMeshPort(gatewayMesh);
  app = createApp({ mesh: port, requestTimeoutMs: 2000, rateLimit: { ratePerSecond: 0, burst: 1 } });
});

afterAll(async () => {
  await worker?.stop();
  await port?.close();
  await Promise.all([gatewayMesh?.close(), workerMesh?.close()]);
});

describe("through the mesh", () => {
  test("the client's correlation id reaches the worker's log and comes back in the response", async () => {
    const res = await app.request("/v1/risk?lat=40.7128&lon=-74.006&groupSize=30", { headers: { "x-correlation-id": "client-corr-42" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-correlation-id")).toBe("client-corr-42");
    const body = (await res.json()) as { region: { id: number }; eventRisk: { groupSize: number } };
    expect(body.region.id).toBe(84036061);
    expect(body.eventRisk.groupSize).toBe(30);
    const line = workerLines.find((l) => l.correlationId === "client-corr-42");
    expect(line).toMatchObject({ msg: "query", subject: contract.subjects.riskRegionsBatch });
    expect(String(line!.from)).toStartWith("gateway@");
  });

  test("every read route answers from the worker", async () => {
    const ok = async (path: string, init?: RequestInit) => {
      const res = await app.request(path, init);
      expect(res.status, path).toBe(200);
      return res;
    };
    const batch = (await (
      await ok("/v1/risk/batch", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          points: [
            { lat: 41.8781, lon: -87.6298 },
            { lat: 1, lon: 1, date: "2019-01-01" },
          ],
        }),
      })
    ).json()) as { results: Array<{ answer?: { region: { id: number } }; error?: { status: number } }> };
    expect(batch.results[0].answer!.region.id).toBe(84017031);
    expect(batch.results[1].error!.status).toBe(404);
    const search = (await (await ok("/v1/regions?q=cook")).json()) as { regions: Array<{ id: number }> };
    expect(search.regions[0].id).toBe(84017031);
    expect(((await (await ok("/v1/regions/84017031")).json()) as { displayName: string }).displayName).toBe("Cook, Illinois, US");
    const ts = (await (await ok("/v1/regions/84017031/timeseries?from=2020-12-01")).json()) as { days: string[] };
    expect(ts.days[0]).toBe("2020-12-01");
    const fc = (await (await ok("/v1/regions/84017031/forecast")).json()) as { location: string; targets: unknown[] };
    expect(fc).toMatchObject({ location: "17031" });
    expect(fc.targets).toHaveLength(8);
    expect((await (await ok("/v1/regions/84017031/forecast?format=hub-csv")).text()).split("\n")[1]).toStartWith("2020-12-28,1 wk ahead inc case,2021-01-02,17031,point,NA,");
    await ok("/v1/clusters");
    const missing = await app.request("/v1/regions/999999999");
    expect(missing.status).toBe(404);
  });

  test("the worker's snapshot-updated event drops the gateway's cached answers", async () => {
    const url = "/v1/risk?lat=40.6782&lon=-73.9442";
    await app.request(url);
    expect((await app.request(url)).headers.get("x-cache")).toBe("hit");
    await worker!.rebuild(); // emits covid.events.risk.updated
    await waitFor(async () => (await app.request(url)).headers.get("x-cache") === "miss", "cache drop after the update event", 5000);
  });

  test("with no worker left, the answer is 503 with Retry-After, not a hang", async () => {
    await worker!.stop();
    worker = null;
    const res = await app.request("/v1/risk?lat=10&lon=10");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  });
});
