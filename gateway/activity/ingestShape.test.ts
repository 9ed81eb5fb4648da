// POST /v1/activity and GET /v1/regions/:id/activity over a fake mesh: the request shapes.
import { describe, expect, test } from "bun:test";
import { expectProblem, fakeJobsMesh, keyedApp, post } from "../testSupport.ts";

describe("activity", () => {
  const ping = { deviceId: "device-1", lat: 40.7128, lon: -74.006, time: "2024-05-01T10:15:00Z" };

  test("POST /v1/activity takes a batch with a key and answers 202; without one it is 401", async () => {
    const fake = fakeJobsMesh();
    await expectProblem(await post(keyedApp(fake), "/v1/activity", { pings: [ping] }, { "content-type": "application/json" }), 401);
    expect(fake.pings).toHaveLength(0);
    const res = await post(keyedApp(fake), "/v1/activity", { pings: [ping, { ...ping, deviceId: "device-2" }] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ received: 2, accepted: 2, unlocated: 0, rejected: 0 });
    expect(fake.pings).toHaveLength(2);
  });

  test("bodies above 10 KB are 413; bad pings are 400 by index", async () => {
    const many = { pings: Array.from({ length: 200 }, (_, i) => ({ ...ping, deviceId: `device-${i}` })) };
    expect(JSON.stringify(many).length).toBeGreaterThan(10 * 1024);
    await expectProblem(await post(keyedApp(fakeJobsMesh()), "/v1/activity", many), 413);
    const bad = await expectProblem(await post(keyedApp(fakeJobsMesh()), "/v1/activity", { pings: [ping, { ...ping, lat: 91 }, { ...ping, time: "yesterday" }] }), 400);
    expect(bad.errors!.map((e) => e.path)).toEqual(["pings.1.lat", "pings.2.time"]);
  });

  test("GET /v1/regions/:id/activity asks the mesh for a window of whole UTC days", async () => {
    const fake = fakeJobsMesh();
    const res = await keyedApp(fake).request("/v1/regions/84036061/activity?from=2024-05-01&to=2024-05-08T00:00:00Z");
    expect(res.status).toBe(200);
    const q = fake.activityQueries[0];
    expect(q).toEqual({ regionId: 84036061, from: "2024-05-01T00:00:00.000Z", to: "2024-05-08T00:00:00.000Z" });
    await expectProblem(await keyedApp(fake).request("/v1/regions/84036061/activity?from=2024-05-02T00:00:00Z&to=2024-05-01T00:00:00Z"), 400);
  });
});

describe("the date window (2019-12-01 … tomorrow)", () => {
  test("an activity range from year 0000 never reaches the mesh", async () => {
    const fake = fakeJobsMesh();
    const res = await keyedApp(fake).request("/v1/regions/84036061/activity?from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z");
    const body = await expectProblem(res, 400);
    expect(body.errors!.map((e) => e.path)).toContain("from");
    expect(fake.activityQueries).toHaveLength(0);
  });
});
