// A no-cache request of the plain /v1/risk query, answered before Hono (edgeFresh.ts): it still
// crosses the mesh each time, names the frame the edge holds, and a client sees what the full path
// (Hono) answers for the same request: status, headers, body, 304, problems, log line, metrics.
import { describe, expect, test } from "bun:test";
import pino from "pino";
import { MeshRemoteError, MeshTimeoutError, riskFrameOf, type RiskFrame } from "../../mesh/mod.ts";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";
import { expectProblem, fakeMesh, riskAnswer, testApp } from "../testSupport.ts";
import type { MeshPort } from "../types.ts";

const NYC = { lat: 40.7128, lon: -74.006, groupSize: 20 };
const plain = `http://127.0.0.1/v1/risk?lat=${NYC.lat}&lon=${NYC.lon}&groupSize=${NYC.groupSize}`;
// A parameter name with "%" is not the plain query: the full path (Hono) answers it.
const full = `${plain}&x%41=1`;
const noCache = { "cache-control": "no-cache" };
const headersOf = (r: Response) => Object.fromEntries([...r.headers].filter(([k]) => k !== "x-correlation-id"));

/** A mesh whose risk frames are the fixture's, cut at its distances, recording what it was handed. */
function recordingMesh(fail?: () => Error) {
  const held: Array<RiskFrame | undefined> = [];
  const mesh = fakeMesh({
    async risk(q, _ctx, h) {
      held.push(h);
      if (fail) throw fail();
      return riskFrameOf({ ...riskAnswer, eventRisk: { ...riskAnswer.eventRisk, groupSize: q.groupSize } }, () => [40.7, -74]);
    },
  });
  return { mesh: mesh as MeshPort, held };
}

describe("no-cache at the edge", () => {
  test("each request crosses the mesh, naming the frame the edge holds; edge and full path answer alike", async () => {
    const { mesh, held } = recordingMesh();
    const app = testApp(mesh);
    const a = await app.request(plain, { headers: noCache });
    expect(held).toEqual([undefined]); // nothing held yet
    const b = await app.request(full, { headers: noCache });
    const c = await app.request(plain, { headers: noCache });
    expect(held).toHaveLength(3);
    expect(held[1]).toBeDefined(); // the full path names it too
    expect(held[2]).toBeDefined();
    for (const r of [a, b, c]) {
      expect(r.status).toBe(200);
      expect(r.headers.get("x-cache")).toBe("miss");
      expect(r.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(headersOf(a)).toEqual(headersOf(b));
    expect(headersOf(c)).toEqual(headersOf(b));
    const [ta, tb] = [await a.text(), await b.text()];
    expect(ta).toBe(tb);
    expect(JSON.parse(ta).region.id).toBe(riskAnswer.region.id);
    // A matching If-None-Match is a 304 on both paths, still after asking the mesh.
    for (const u of [plain, full]) {
      const r = await app.request(u, { headers: { ...noCache, "if-none-match": a.headers.get("etag")! } });
      expect(r.status, u).toBe(304);
      expect(await r.text()).toBe("");
    }
    expect(held).toHaveLength(5);
    // The frame the no-cache requests stored answers the next plain request from the cache.
    expect((await app.request(plain)).headers.get("x-cache")).toBe("hit");
    expect(held).toHaveLength(5);
  });

  test("the client's correlation id goes to the mesh and comes back; the log line is the full path's", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => lines.push(l) });
    const mesh = fakeMesh();
    const app = testApp(mesh, { logger });
    for (const u of [plain, full]) {
      const r = await app.request(u, { headers: { ...noCache, "x-correlation-id": "client-abc.1" } });
      expect(r.headers.get("x-correlation-id")).toBe("client-abc.1");
    }
    expect(mesh.calls.map((c) => [c.method, c.correlationId])).toEqual([
      ["risk", "client-abc.1"],
      ["risk", "client-abc.1"],
    ]);
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(logged.map(({ correlationId, method, path, status }) => ({ correlationId, method, path, status }))).toEqual([
      { correlationId: "client-abc.1", method: "GET", path: "/v1/risk", status: 200 },
      { correlationId: "client-abc.1", method: "GET", path: "/v1/risk", status: 200 },
    ]);
  });

  test("failures are the full path's problems: a timeout is a 503 with Retry-After, a pool's error its status", async () => {
    for (const [fail, status] of [
      [() => new MeshTimeoutError("t.covid.risk.regions.batch", 500), 503],
      [() => new MeshRemoteError("no_region", "no region holds the point"), 404],
      [() => new MeshRemoteError("internal", "boom"), 502],
      [() => new Error("unexpected"), 500],
    ] as const) {
      const lines: string[] = [];
      const logger = pino({ level: "info" }, { write: (l: string) => lines.push(l) });
      const app = testApp(recordingMesh(fail).mesh, { logger });
      const [edge, hono] = [await app.request(plain, { headers: noCache }), await app.request(full, { headers: noCache })];
      const [pe, ph] = [await expectProblem(edge, status), await expectProblem(hono, status)];
      expect(pe).toEqual(ph);
      expect(headersOf(edge)).toEqual(headersOf(hono));
      if (status === 503) expect(edge.headers.get("retry-after")).toBe("1");
      const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request failed");
      // onError's rule: whatever is not a ProblemError below 500 is logged; the edge logs it too.
      expect(errors.map((l) => l.correlationId)).toEqual([edge.headers.get("x-correlation-id"), hono.headers.get("x-correlation-id")]);
      const answered = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
      expect(answered.map((l) => l.status)).toEqual([status, status]);
    }
  });

  test("/metrics counts edge and full path alike, and the rate limit charges a no-cache request once", async () => {
    const metricsKeys = createApiKeyVerifier({ keys: ["scrape-key"] });
    const counts = async (u: string) => {
      const mesh = fakeMesh();
      const app = testApp(mesh, { metricsKeys });
      for (let i = 0; i < 3; i++) expect((await app.request(u, { headers: noCache })).status).toBe(200);
      const text = await (await app.request("/metrics", { headers: { authorization: "Bearer scrape-key" } })).text();
      return { mesh: mesh.queries.length, lines: text.split("\n").filter((l) => l.startsWith("edge_cache_") || l.startsWith("http_requests_total")) };
    };
    const [edgePath, fullPath] = [await counts(plain), await counts(full)];
    expect(edgePath).toEqual(fullPath);
    expect(edgePath.mesh).toBe(3);
    expect(edgePath.lines).toContain('http_requests_total{method="GET",route="/v1/risk",status="200"} 3');

    const apiKeys = createApiKeyVerifier({ keys: ["k"] });
    const app = testApp(fakeMesh(), { rateLimit: { ratePerSecond: 0.001, burst: 2 }, apiKeys, clientKey: () => "one" });
    expect((await app.request(plain, { headers: noCache })).status).toBe(200);
    expect((await app.request(plain, { headers: noCache })).status).toBe(200);
    await expectProblem(await app.request(plain, { headers: noCache }), 429);
  });
});
