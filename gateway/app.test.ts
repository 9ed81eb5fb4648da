import { describe, expect, test } from "bun:test";
import { MeshNoRespondersError, MeshRemoteError, MeshTimeoutError } from "../mesh/mod.ts";
import { expectProblem, fakeMesh, riskAnswer, testApp as app } from "./testSupport.ts";

const answer = riskAnswer;

describe("GET /v1/risk", () => {
  test("translates valid parameters into one mesh query and returns its answer", async () => {
    const mesh = fakeMesh();
    const res = await app(mesh).request("/v1/risk?lat=40.7128&lon=-74.0060&groupSize=25&date=2020-12-01");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...answer, eventRisk: { ...answer.eventRisk, groupSize: 25 } });
    // Located at the edge: Manhattan (New York County) in New York State.
    expect(mesh.queries).toEqual([{ lat: 40.7128, lon: -74.006, groupSize: 25, date: "2020-12-01", regionIds: [84036061, 84000036] }]);
    expect(res.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("groupSize defaults to 10 and an incoming correlation id is kept", async () => {
    const mesh = fakeMesh();
    const res = await app(mesh).request("/v1/risk?lat=1&lon=2", { headers: { "x-correlation-id": "abc-123" } });
    expect(res.status).toBe(200);
    expect(mesh.queries[0].groupSize).toBe(10);
    expect(res.headers.get("x-correlation-id")).toBe("abc-123");
  });

  const bad: Array<[string, string]> = [
    ["missing lat", "/v1/risk?lon=2"],
    ["non-numeric lat", "/v1/risk?lat=abc&lon=2"],
    ["lat out of range", "/v1/risk?lat=91&lon=2"],
    ["lon out of range", "/v1/risk?lat=1&lon=-181"],
    ["fractional groupSize", "/v1/risk?lat=1&lon=2&groupSize=2.5"],
    ["zero groupSize", "/v1/risk?lat=1&lon=2&groupSize=0"],
    ["bad date", "/v1/risk?lat=1&lon=2&date=2020-13-40"],
  ];
  for (const [name, url] of bad) {
    test(`400 problem+json for ${name}, without touching the mesh`, async () => {
      const mesh = fakeMesh();
      const body = await expectProblem(await app(mesh).request(url), 400);
      expect(Array.isArray(body.errors)).toBe(true);
      expect((body.errors as unknown[]).length).toBeGreaterThan(0);
      expect(mesh.queries).toHaveLength(0);
    });
  }

  test("503 with Retry-After when the mesh misses the deadline", async () => {
    const mesh = fakeMesh({ risk: async () => Promise.reject(new MeshTimeoutError("covid.risk.query", 500)) });
    const res = await app(mesh).request("/v1/risk?lat=1&lon=2");
    await expectProblem(res, 503);
    expect(res.headers.get("retry-after")).toBe("1");
  });

  test("503 when no worker answers", async () => {
    const mesh = fakeMesh({ risk: async () => Promise.reject(new MeshNoRespondersError("covid.risk.query")) });
    const res = await app(mesh).request("/v1/risk?lat=1&lon=2");
    await expectProblem(res, 503);
    expect(res.headers.get("retry-after")).not.toBeNull();
  });

  test("a worker's 404 answer becomes a 404 problem with its code", async () => {
    const mesh = fakeMesh({ risk: async () => Promise.reject(new MeshRemoteError("no_data_for_date", "no data for that date")) });
    const body = await expectProblem(await app(mesh).request("/v1/risk?lat=1&lon=2&date=2019-01-01"), 404);
    expect(body.code).toBe("no_data_for_date");
    expect(body.detail).toContain("no data");
  });

  test("an unexpected error is a 500 problem that does not leak internals", async () => {
    const mesh = fakeMesh({ risk: async () => Promise.reject(new Error("secret stack detail")) });
    const body = await expectProblem(await app(mesh).request("/v1/risk?lat=1&lon=2"), 500);
    expect(JSON.stringify(body)).not.toContain("secret");
  });
});

describe("health", () => {
  test("/healthz is always ok", async () => {
    const res = await app(fakeMesh()).request("/healthz");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("ok");
  });

  test("/readyz is 503 while no risk worker has a snapshot with data, 200 once one has", async () => {
    let status = { ready: false, regions: 0, lastDate: null as string | null };
    const gw = app(fakeMesh({ riskStatus: async () => status }));
    const before = await gw.request("/readyz");
    expect(before.status).toBe(503);
    expect(before.headers.get("retry-after")).toBe("2");
    const body = (await before.json()) as { checks: { risk: { ok: boolean; regions: number } } };
    expect(body.checks.risk).toMatchObject({ ok: false, regions: 0 });
    status = { ready: true, regions: 3340, lastDate: "2020-12-30" };
    const after = await gw.request("/readyz");
    expect(after.status).toBe(200);
    expect(((await after.json()) as { checks: { risk: unknown } }).checks.risk).toMatchObject({ ok: true, regions: 3340, lastDate: "2020-12-30" });
  });

  test("/readyz is 503 when no risk worker answers", async () => {
    const res = await app(fakeMesh({ riskStatus: async () => Promise.reject(new MeshNoRespondersError("covid.risk.status")) })).request("/readyz");
    expect(res.status).toBe(503);
  });

  test("/readyz is 200 when NATS and the database answer and a risk snapshot has data", async () => {
    const res = await app(fakeMesh()).request("/readyz");
    expect(res.status).toBe(200);
  });

  test("/readyz is 503 when the database does not answer through the mesh", async () => {
    const res = await app(fakeMesh({ storageHealth: async () => Promise.reject(new MeshNoRespondersError("covid.risk.query")) })).request("/readyz");
    expect(res.status).toBe(503);
    const body = (await res.json()) as { checks: { database: { ok: boolean } } };
    expect(body.checks.database.ok).toBe(false);
  });

  test("/readyz is 503 when NATS is down", async () => {
    const res = await app(fakeMesh({ natsConnected: async () => false })).request("/readyz");
    expect(res.status).toBe(503);
  });
});

test("unknown routes are 404 problem+json", async () => {
  await expectProblem(await app(fakeMesh()).request("/nope"), 404);
});

test("the OpenAPI document describes /v1/risk", async () => {
  const res = await app(fakeMesh()).request("/openapi.json");
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toContain("/v1/risk");
});
