// Prometheus /metrics of the gateway, and the correlation id on answers and in the request log.
import { describe, expect, test } from "bun:test";
import pino from "pino";
import { observeRequest } from "../mesh/telemetry.ts";
import { fakeMesh, testApp } from "./testSupport.ts";
import { createApiKeyVerifier } from "./auth/apiKeys.ts";

const metricsKeys = createApiKeyVerifier({ keys: ["scrape-key"] });
const scrape = { headers: { authorization: "Bearer scrape-key" } };

describe("GET /metrics", () => {
  test("request rate, latency histogram per route, errors by status, cache and mesh round trips", async () => {
    const app = testApp(fakeMesh(), { metricsKeys });
    await app.request("/v1/risk?lat=1&lon=2");
    await app.request("/v1/risk?lat=1&lon=2");
    await app.request("/v1/regions/84036061");
    await app.request("/v1/risk?lat=100&lon=2");
    observeRequest("test.metrics.subject", 3, true);
    const res = await app.request("/metrics", scrape);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/plain");
    const text = await res.text();
    expect(text).toContain('http_requests_total{method="GET",route="/v1/risk",status="200"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="/v1/regions/:id",status="200"} 1');
    expect(text).toContain('http_request_errors_total{route="/v1/risk",status="400"} 1');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/v1\/risk"\} \d+/);
    expect(text).toContain("edge_cache_hits_total 1");
    expect(text).toMatch(/mesh_request_duration_seconds_count\{subject="test.metrics.subject"\} [1-9]/);
    expect(text).toContain("process_cpu_seconds_total");
  });

  test("unknown paths are counted under one label, not by path", async () => {
    const app = testApp(fakeMesh(), { metricsKeys });
    await app.request("/no/such/path/123");
    const text = await (await app.request("/metrics", scrape)).text();
    expect(text).toContain('route="unmatched",status="404"');
    expect(text).not.toContain("/no/such/path");
  });
});

describe("correlation id", () => {
  test("travels to the mesh call, back in X-Correlation-Id, and into the access log", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (l: string) => lines.push(l) });
    const mesh = fakeMesh();
    const res = await testApp(mesh, { logger }).request("/v1/risk?lat=1&lon=2", { headers: { "x-correlation-id": "client-abc.1" } });
    expect(res.headers.get("x-correlation-id")).toBe("client-abc.1");
    expect(mesh.calls[0].correlationId).toBe("client-abc.1");
    const log = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "request");
    expect(log).toMatchObject({ correlationId: "client-abc.1", status: 200, path: "/v1/risk" });
  });

  test("an unusable incoming id is replaced by a fresh UUID, also on errors", async () => {
    const res = await testApp(fakeMesh()).request("/v1/risk?lat=100&lon=2", { headers: { "x-correlation-id": "bad id with spaces" } });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
