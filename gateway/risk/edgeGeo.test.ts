// Geolocation at the edge, over the real mesh (the shared NATS server, a unique subject prefix)
// and a real exposure-risk worker on the bundled sample: points of one county share one cached
// answer, each with its own distances, identical to what the risk pool answers for the point
// itself (covid.risk.query); no-cache still crosses the mesh; a point outside every region gets
// the answer it always got.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Subscription } from "@nats-io/transport-node";
import { connectTestMesh, uniqueContract } from "../../mesh/testSupport.ts";
import { request, riskRegionBatchQueryCodec, type Mesh } from "../../mesh/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../../workers/exposure-risk/main.ts";
import { fakeStorage, loadSample } from "../../workers/exposure-risk/testSupport.ts";
import { createApp } from "../app.ts";
import { createMeshPort, type RealMeshPort } from "../meshPort.ts";
import { type RiskQuery, messages, riskAnswerSchema } from "../../domain/mod.ts";

const contract = uniqueContract("edge");
let gatewayMesh: Mesh;
let workerMesh: Mesh;
let worker: ExposureRiskWorker;
let port: RealMeshPort;
let app: ReturnType<typeof createApp>;
let seen: Subscription[] = [];
/**
 * Region queries crossing the mesh, as a plain (non-queue) subscriber sees them: one per message
 * on the single subject, one per query inside each micro-batch message.
 */
let crossed = 0;

beforeAll(async () => {
  const sample = await loadSample();
  [gatewayMesh, workerMesh] = await Promise.all([connectTestMesh(contract, "gateway"), connectTestMesh(contract, "exposure-risk")]);
  worker = await startExposureRiskWorker({ mesh: workerMesh, storage: fakeStorage(sample.regions, { "jhu-us": sample.series }), ascertainment: 5 });
  seen = [
    workerMesh.nc.subscribe(contract.subjects.riskRegions, { callback: () => void crossed++ }),
    workerMesh.nc.subscribe(contract.subjects.riskRegionsBatch, { callback: (_err, msg) => void (crossed += riskRegionBatchQueryCodec.decode(msg.data).queries.length) }),
  ];
  await workerMesh.nc.flush();
  port = createMeshPort(gatewayMesh);
  app = createApp({ mesh: port, requestTimeoutMs: 5000, rateLimit: { ratePerSecond: 0, burst: 1 } });
});

afterAll(async () => {
  for (const sub of seen) sub.unsubscribe();
  await worker?.stop();
  await port?.close();
  await Promise.all([gatewayMesh?.close(), workerMesh?.close()]);
});

/** What the risk pool answers for the point itself, over the original message. */
async function pointAnswer(q: RiskQuery): Promise<unknown> {
  return (await request(gatewayMesh, contract.subjects.riskQuery, messages.riskQuery, q, messages.riskAnswer, { timeoutMs: 5000 })).value;
}

async function crossings(): Promise<number> {
  await workerMesh.nc.flush();
  return crossed;
}

const get = (lat: number, lon: number, init?: RequestInit) => app.request(`/v1/risk?lat=${lat}&lon=${lon}&groupSize=40`, init);

describe("/v1/risk located at the edge", () => {
  test("two points in one county share one cache entry and one mesh request, each with its own distances", async () => {
    const before = await crossings();
    // Two points in Cook County, Illinois, 12 km apart.
    const a = await get(41.8781, -87.6298);
    const b = await get(41.95, -87.75);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers.get("x-cache")).toBe("miss");
    expect(b.headers.get("x-cache")).toBe("hit");
    expect((await crossings()) - before).toBe(1);
    const [ja, jb] = [(await a.json()) as { region: { id: number }; distanceKm: number }, (await b.json()) as { region: { id: number }; distanceKm: number }];
    expect(ja.region.id).toBe(84017031);
    expect(jb.region.id).toBe(84017031);
    expect(ja.distanceKm).not.toBe(jb.distanceKm);
    // 1,000 points 1e-6° apart: still that one entry.
    for (let i = 1; i <= 1000; i++) expect((await get(41.8781 + i * 1e-6, -87.6298)).headers.get("x-cache")).toBe("hit");
    expect((await crossings()) - before).toBe(1);
  });

  test("an answer rendered from a county's cached frame equals the risk pool's answer for the point itself", async () => {
    const points: Array<[number, number]> = [
      [40.7128, -74.006], // Manhattan
      [40.79, -73.96],
      [29.7604, -95.3698], // Harris County, Texas
      [29.9, -95.6],
      [34.0522, -118.2437], // Los Angeles
      [34.6, -118.1],
    ];
    for (const [lat, lon] of points) {
      const res = await get(lat, lon);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(riskAnswerSchema.safeParse(body).success).toBe(true);
      expect(body).toEqual(await pointAnswer({ lat, lon, groupSize: 40 }));
    }
    // The second point of each county came from the cache.
    expect((await get(29.9, -95.6)).headers.get("x-cache")).toBe("hit");
  });

  test("Cache-Control: no-cache still crosses the mesh, and answers the same", async () => {
    const cached = await get(41.8781, -87.6298);
    expect(cached.headers.get("x-cache")).toBe("hit");
    const before = await crossings();
    const fresh = await get(41.8781, -87.6298, { headers: { "cache-control": "no-cache" } });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("x-cache")).toBe("miss");
    expect((await crossings()) - before).toBe(1);
    expect(await fresh.json()).toEqual(await cached.json());
  });

  test("a point outside every region gets the answer the risk pool gives for it (nearest region), cached for that point only", async () => {
    const [lat, lon] = [0, -30]; // mid-Atlantic
    const res = await get(lat, lon);
    const direct = await pointAnswer({ lat, lon, groupSize: 40 }).then(
      (v) => ({ status: 200, body: v }),
      (err: { status?: number; code?: string }) => ({ status: err.status, body: err.code }),
    );
    expect(res.status).toBe(direct.status!);
    if (direct.status === 200) {
      expect(await res.json()).toEqual(direct.body);
      expect((await get(lat, lon)).headers.get("x-cache")).toBe("hit");
      // Another sea point is not answered from that entry: its nearest region is its own.
      expect((await get(1, -31)).headers.get("x-cache")).toBe("miss");
    } else {
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    }
  });

  test("concurrent no-cache requests cross the mesh as micro-batches; each gets its own answer, a failing one fails alone", async () => {
    const points: Array<[number, number]> = [
      [41.8781, -87.6298], // Cook
      [29.76, -95.37], // Harris
      [41.95, -87.75], // Cook again, other distances
      [34.0522, -118.2437], // Los Angeles
    ];
    const fresh = { headers: { "cache-control": "no-cache" } };
    const batchesBefore = port.riskBatchStats();
    const before = await crossings();
    const [failing, ...answers] = await Promise.all([
      app.request("/v1/risk?lat=41.8781&lon=-87.6298&groupSize=40&date=2019-01-01", fresh),
      ...points.map(([lat, lon]) => get(lat, lon, fresh)),
    ]);
    expect(failing.status).toBe(404);
    expect(((await failing.json()) as { code: string }).code).toBe("no_data_for_date");
    for (let i = 0; i < points.length; i++) {
      expect(answers[i].status).toBe(200);
      expect(answers[i].headers.get("x-cache")).toBe("miss");
      expect(await answers[i].json()).toEqual(await pointAnswer({ lat: points[i][0], lon: points[i][1], groupSize: 40 }));
    }
    // Every request crossed the mesh, in fewer messages than requests.
    expect((await crossings()) - before).toBe(points.length + 1);
    const batchesAfter = port.riskBatchStats();
    expect(batchesAfter.calls - batchesBefore.calls).toBe(points.length + 1);
    expect(batchesAfter.batches - batchesBefore.batches).toBeLessThan(points.length + 1);
  });

  test("a date before every dataset is the same 404 problem as before", async () => {
    const res = await app.request("/v1/risk?lat=41.8781&lon=-87.6298&date=2019-01-01");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe("no_data_for_date");
  });
});
