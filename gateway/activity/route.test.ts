// The attacks on device activity, tried through the gateway: Sybil writes without a key,
// windows that end at an arbitrary hour (differenced to expose a bucket below k), one-sided
// and unbounded windows.
import { describe, expect, test } from "bun:test";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";
import { createProxyList } from "../middleware/clientAddress.ts";
import { expectProblem, fakeMesh, testApp } from "../testSupport.ts";
import type { ActivityPingBatch, ActivityQuery } from "../../domain/mod.ts";

function activityMesh() {
  const batches: ActivityPingBatch[] = [];
  const queries: ActivityQuery[] = [];
  const mesh = fakeMesh({
    async submitActivity(batch) {
      batches.push(batch);
      return { received: batch.pings.length, accepted: batch.pings.length, unlocated: 0, rejected: 0 };
    },
    async activity(q) {
      queries.push(q);
      return { regionId: q.regionId, from: q.from, to: q.to, k: 10, hourly: [], daily: [] };
    },
  });
  return { mesh, batches, queries };
}

const sybil = {
  pings: [...Array.from({ length: 9 }, (_, i) => ({ deviceId: `fake-${i}`, lat: 40.7581, lon: -73.9855, time: "2024-05-01T10:15:00Z" }))],
};
const json = { "content-type": "application/json" };

describe("POST /v1/activity (Sybil writes)", () => {
  test("without an app key nine made-up device ids are refused, and nothing reaches the mesh", async () => {
    const { mesh, batches } = activityMesh();
    const app = testApp(mesh, { appKeys: createApiKeyVerifier({ keys: ["app-key"] }) });
    for (const headers of [json, { ...json, authorization: "Bearer guessed" }, { ...json, "x-api-key": "" }]) {
      await expectProblem(await app.request("/v1/activity", { method: "POST", headers, body: JSON.stringify(sybil) }), 401);
    }
    expect(batches).toHaveLength(0);
    // With no app key configured at all, the route is closed.
    await expectProblem(await testApp(mesh).request("/v1/activity", { method: "POST", headers: json, body: JSON.stringify(sybil) }), 401);
  });

  test("an app key (or an admin key) writes; its writes are limited per key, whatever address they come from", async () => {
    const { mesh, batches } = activityMesh();
    const app = testApp(mesh, {
      appKeys: createApiKeyVerifier({ keys: ["app-key"] }),
      apiKeys: createApiKeyVerifier({ keys: ["admin-key"] }),
      rateLimit: { ratePerSecond: 0.001, burst: 2 },
      trustedProxies: createProxyList(["10.0.0.0/8"]),
    });
    const post = (key: string, client: string) =>
      app.request(
        "/v1/activity",
        { method: "POST", headers: { ...json, authorization: `Bearer ${key}`, "x-forwarded-for": client }, body: JSON.stringify(sybil) },
        { requestIP: () => ({ address: "10.0.0.5" }) },
      );
    expect((await post("app-key", "198.51.100.1")).status).toBe(202);
    expect((await post("app-key", "198.51.100.2")).status).toBe(202);
    await expectProblem(await post("app-key", "198.51.100.3"), 429);
    expect((await post("admin-key", "198.51.100.3")).status).toBe(202);
    expect(batches).toHaveLength(3);
  });
});

describe("GET /v1/regions/:id/activity (differencing)", () => {
  const get = (query: string) => {
    const { mesh, queries } = activityMesh();
    return { res: testApp(mesh).request(`/v1/regions/84036061/activity${query}`), queries };
  };

  test.each([
    ["?from=2024-05-01T00:00:00Z&to=2024-05-01T11:00:00Z", "a window ending at 11:00"],
    ["?from=2024-05-01T00:00:00Z&to=2024-05-01T12:00:00Z", "and one ending at 12:00"],
    ["?from=2024-05-01T06:00:00Z&to=2024-05-02T00:00:00Z", "a start inside a day"],
    ["?from=2024-05-01T00:00:00%2B02:00&to=2024-05-02T00:00:00Z", "midnight somewhere else"],
    ["?from=2024-05-01", "one-sided (no end)"],
    ["?to=2024-05-01", "one-sided (no start)"],
    ["", "no window"],
    ["?from=2024-04-01&to=2024-05-03", "above 31 days"],
    ["?from=2024-05-02&to=2024-05-01", "inverted"],
    ["?from=May%201%202024&to=2024-05-02", "not ISO"],
  ])("%s → 400, the mesh is not asked (%s)", async (query) => {
    const { res, queries } = get(query);
    await expectProblem(await res, 400);
    expect(queries).toHaveLength(0);
  });

  test("whole UTC days pass, as dates or date-times, up to 31 days", async () => {
    for (const query of ["?from=2024-05-01&to=2024-05-02", "?from=2024-05-01T02:00:00%2B02:00&to=2024-06-01T00:00:00.000Z"]) {
      const { res, queries } = get(query);
      expect((await res).status).toBe(200);
      expect(queries).toHaveLength(1);
      expect(Date.parse(queries[0].from) % 86_400_000).toBe(0);
    }
  });
});
