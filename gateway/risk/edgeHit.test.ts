// The /v1/risk cache hit answered before Hono: what it takes (a hit of the plain query) and what it
// leaves to the full path, and that a client sees the same answer, limit, metrics and log line.
import { describe, expect, test } from "bun:test";
import pino from "pino";
import { riskFrameOf } from "../../mesh/mod.ts";
import { createEdgeCache } from "../cache/edgeCache.ts";
import type { RouteDeps } from "../context.ts";
import { createHttpMetrics } from "../metrics/httpMetrics.ts";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";
import { expectProblem, fakeMesh, riskAnswer, testApp } from "../testSupport.ts";
import { createEdgeHit, edgeMissOf } from "./edgeHit.ts";
import { locateRegions } from "./pointRegions.ts";
import { createRiskCache, storeFrame } from "./riskCache.ts";

const NYC = { lat: 40.7128, lon: -74.006, groupSize: 20 };
const url = (q: string) => `http://127.0.0.1/v1/risk?${q}`;
const plain = url(`lat=${NYC.lat}&lon=${NYC.lon}&groupSize=${NYC.groupSize}`);

function edge(limiter: { take: (req: Request, server: unknown) => number; prepaid: (req: Request) => void } | null = null) {
  const risk = createRiskCache({ maxEntries: 100, ttlMs: 60_000 });
  const deps: RouteDeps = { answers: { cache: createEdgeCache({ maxEntries: 1, ttlMs: 1 }), maxAgeSeconds: 60, inFlight: new Map() }, risk };
  const metrics = createHttpMetrics([risk.cache]);
  const lines: string[] = [];
  const log = pino({ level: "info" }, { write: (l: string) => lines.push(l) });
  const edgeHit = createEdgeHit({ deps, metrics, log, limiter, mesh: fakeMesh(), requestTimeoutMs: 1000 });
  // A request without no-cache is answered synchronously or left to the full path.
  const hit = (req: Request, server: unknown) => {
    const r = edgeHit(req, server);
    if (r instanceof Promise) throw new Error("expected a synchronous answer");
    return r;
  };
  const fill = () =>
    storeFrame(
      risk,
      NYC,
      locateRegions(NYC.lat, NYC.lon),
      riskFrameOf(riskAnswer, () => [40.7, -74]),
      risk.cache.generation(),
    );
  return { hit, edgeHit, fill, metrics, lines };
}

describe("the edge hit", () => {
  test("answers a cached point of the plain query, and leaves everything else to the full path", () => {
    const { hit, fill } = edge();
    expect(hit(new Request(plain), undefined)).toBeUndefined(); // not cached yet: a miss is Hono's
    fill();
    const res = hit(new Request(plain), undefined);
    expect(res?.status).toBe(200);
    expect(res?.headers.get("x-cache")).toBe("hit");
    for (const req of [
      new Request(plain, { method: "POST", body: "{}" }),
      new Request(url(`lat=${NYC.lat}&lon=${NYC.lon}&groupSize=${NYC.groupSize}&date=2020-12-01`)),
      new Request(url(`lat=${NYC.lat}&lon=${NYC.lon}&groupSize=0`)),
      new Request(`http://127.0.0.1/v1/risk/batch?lat=${NYC.lat}&lon=${NYC.lon}&groupSize=${NYC.groupSize}`),
      new Request(`http://127.0.0.1/v1/ris%6B?lat=${NYC.lat}&lon=${NYC.lon}&groupSize=${NYC.groupSize}`),
    ])
      expect(hit(req, undefined), `${req.method} ${req.url} ${[...req.headers].join()}`).toBeUndefined();
  });

  test("answers the plain query with no-cache too, through the mesh (edgeFresh.ts)", async () => {
    const { edgeHit, fill } = edge();
    fill();
    for (const headers of [{ "cache-control": "no-cache" }, { pragma: "no-cache" }] as Record<string, string>[]) {
      const answered = edgeHit(new Request(plain, { headers }), undefined);
      expect(answered).toBeInstanceOf(Promise);
      const res = await answered!;
      expect(res.status).toBe(200);
      expect(res.headers.get("x-cache")).toBe("miss");
    }
    // Not the plain query: Hono's, no-cache or not.
    expect(edgeHit(new Request(`${plain}&date=2020-12-01`, { headers: { "cache-control": "no-cache" } }), undefined)).toBeUndefined();
  });

  test("takes the token: a refused one goes to the full path unmarked, a granted miss goes marked as paid", () => {
    let refuse = false;
    const taken: Request[] = [];
    const paid: Request[] = [];
    const { hit, fill } = edge({ take: (req) => (taken.push(req), refuse ? 1000 : 0), prepaid: (req) => paid.push(req) });
    const miss = new Request(plain);
    expect(hit(miss, undefined)).toBeUndefined();
    expect(edgeMissOf(miss)).toEqual(locateRegions(NYC.lat, NYC.lon)); // the full path reuses them, no second lookup
    expect(paid).toEqual([miss]); // the limiter middleware will not charge it again
    fill();
    expect(hit(new Request(plain), undefined)?.status).toBe(200);
    refuse = true;
    const refused = new Request(plain);
    expect(hit(refused, undefined)).toBeUndefined();
    expect(taken).toHaveLength(3);
    expect(paid).toHaveLength(2);
    expect(edgeMissOf(refused)).toBeUndefined();
    // Not the plain query: no token taken here (the full path's limiter takes it).
    expect(hit(new Request(`${plain}&date=2020-12-01`), undefined)).toBeUndefined();
    expect(taken).toHaveLength(3);
  });

  test("304 for a matching If-None-Match; metrics and the access-log line as the middleware writes them", async () => {
    const { hit, fill, metrics, lines } = edge();
    fill();
    const first = hit(new Request(plain, { headers: { "x-correlation-id": "client-abc.1" } }), undefined)!;
    expect(first.headers.get("x-correlation-id")).toBe("client-abc.1");
    const etag = first.headers.get("etag")!;
    const again = hit(new Request(plain, { headers: { "if-none-match": `W/${etag}` } }), undefined)!;
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(logged).toMatchObject([
      { correlationId: "client-abc.1", method: "GET", path: "/v1/risk", status: 200 },
      { correlationId: again.headers.get("x-correlation-id"), method: "GET", path: "/v1/risk", status: 304 },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_requests_total{method="GET",route="/v1/risk",status="200"} 1');
    expect(text).toContain('http_requests_total{method="GET",route="/v1/risk",status="304"} 1');
  });
});

describe("through the app", () => {
  test("the edge hit and the full path answer alike: status, headers, body, 304", async () => {
    const app = testApp(fakeMesh());
    // A parameter name with "%" is not the plain query: the full path (Hono) answers it.
    const full = `${plain}&x%41=1`;
    await app.request(plain); // the miss, through Hono, fills the cache
    const [a, b] = [await app.request(plain), await app.request(full)];
    const headers = (r: Response) => Object.fromEntries([...r.headers].filter(([k]) => k !== "x-correlation-id"));
    expect(a.status).toBe(200);
    expect(headers(a)).toEqual(headers(b));
    expect(await a.text()).toBe(await b.text());
    for (const u of [plain, full]) expect((await app.request(u, { headers: { "if-none-match": a.headers.get("etag")! } })).status, u).toBe(304);
  });

  test("the rate limit counts edge hits: a miss and a hit take the burst, the next is a 429 problem", async () => {
    const apiKeys = createApiKeyVerifier({ keys: ["k"] });
    const app = testApp(fakeMesh(), { rateLimit: { ratePerSecond: 0.001, burst: 2 }, apiKeys, clientKey: (req) => req.headers.get("x-client") ?? "?" });
    const as = (client: string) => app.request(plain, { headers: { "x-client": client } });
    expect((await as("a")).headers.get("x-cache")).toBe("miss");
    expect((await as("a")).headers.get("x-cache")).toBe("hit");
    const limited = await as("a");
    await expectProblem(limited, 429);
    expect(limited.headers.get("retry-after")).not.toBeNull();
    expect((await as("b")).status).toBe(200); // another client has its own bucket
  });

  test("/metrics counts the requests and the edge cache's hits and misses as the full path does", async () => {
    const metricsKeys = createApiKeyVerifier({ keys: ["scrape-key"] });
    const counts = async (u: string) => {
      const mesh = fakeMesh();
      const app = testApp(mesh, { metricsKeys });
      for (let i = 0; i < 3; i++) expect((await app.request(u)).status).toBe(200);
      const text = await (await app.request("/metrics", { headers: { authorization: "Bearer scrape-key" } })).text();
      return { mesh: mesh.queries.length, lines: text.split("\n").filter((l) => l.startsWith("edge_cache_") || l.startsWith("http_requests_total")) };
    };
    const [edgePath, fullPath] = [await counts(plain), await counts(`${plain}&x%41=1`)];
    expect(edgePath).toEqual(fullPath);
    expect(edgePath.mesh).toBe(1);
    expect(edgePath.lines).toContain('http_requests_total{method="GET",route="/v1/risk",status="200"} 3');
    expect(edgePath.lines.some((l) => /^edge_cache_hits_total [1-9]/.test(l))).toBe(true);
  });
});
