import { describe, expect, test } from "bun:test";
import { createTokenBuckets } from "./tokenBuckets.ts";
import { expectProblem, fakeMesh, testApp } from "../testSupport.ts";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";
import { createProxyList } from "./clientAddress.ts";

describe("token buckets", () => {
  test("a burst, then one token per 1/rate seconds", () => {
    const b = createTokenBuckets({ ratePerSecond: 2, burst: 3 });
    expect([b.take("a", 0), b.take("a", 0), b.take("a", 0)]).toEqual([0, 0, 0]);
    expect(b.take("a", 0)).toBe(500); // next token in 0.5 s
    expect(b.take("a", 500)).toBe(0);
    expect(b.take("b", 500)).toBe(0); // another client has its own bucket
  });

  test("rate 0 disables the limit", () => {
    const b = createTokenBuckets({ ratePerSecond: 0, burst: 1 });
    for (let i = 0; i < 10; i++) expect(b.take("a", 0)).toBe(0);
    expect(b.size()).toBe(0);
  });
});

describe("per-client rate limit", () => {
  test("past the burst: 429 problem with Retry-After, per client", async () => {
    const app = testApp(fakeMesh(), { rateLimit: { ratePerSecond: 0.5, burst: 2 }, clientKey: (req) => req.headers.get("x-client") ?? "?" });
    const as = (client: string) => app.request("/v1/risk?lat=1&lon=2", { headers: { "x-client": client } });
    expect((await as("a")).status).toBe(200);
    expect((await as("a")).status).toBe(200);
    const limited = await as("a");
    const body = await expectProblem(limited, 429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(String(body.detail)).toContain("rate limit");
    expect((await as("b")).status).toBe(200);
  });

  test("a valid API key is its own client; a made-up key counts as the address; health is not limited", async () => {
    const apiKeys = createApiKeyVerifier({ keys: ["key-one", "key-two"] });
    const app = testApp(fakeMesh(), { rateLimit: { ratePerSecond: 0.001, burst: 1 }, apiKeys });
    const as = (headers: Record<string, string>) => app.request("/v1/risk?lat=1&lon=2", { headers });
    expect((await as({ "x-api-key": "key-one" })).status).toBe(200);
    expect((await as({ authorization: "Bearer key-one" })).status).toBe(429);
    expect((await as({ "x-api-key": "key-two" })).status).toBe(200);
    // No key and a made-up key share the (anonymous) address bucket.
    expect((await as({})).status).toBe(200);
    expect((await as({ "x-api-key": "made-up" })).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await app.request("/healthz")).status).toBe(200);
  });
});

describe("rate-limit keys behind a load balancer, for IPv6, and per key", () => {
  const lb = "10.0.0.5";
  /** Bun's server info as app.fetch receives it: the peer address. */
  const peer = (address: string) => ({ requestIP: () => ({ address }) });
  const limited = (extra: Partial<Parameters<typeof testApp>[1]> = {}) => testApp(fakeMesh(), { rateLimit: { ratePerSecond: 0.001, burst: 1 }, ...extra });
  const get = (app: ReturnType<typeof testApp>, from: string, headers: Record<string, string> = {}, path = "/v1/risk?lat=1&lon=2") => app.request(path, { headers }, peer(from));

  test("with the balancer trusted, each client behind it has its own bucket; without, they shared one", async () => {
    const shared = limited();
    expect((await get(shared, lb, { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    expect((await get(shared, lb, { "x-forwarded-for": "198.51.100.2" })).status).toBe(429);

    const app = limited({ trustedProxies: createProxyList(["10.0.0.0/8"]) });
    expect((await get(app, lb, { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    expect((await get(app, lb, { "x-forwarded-for": "198.51.100.2" })).status).toBe(200);
    expect((await get(app, lb, { "x-forwarded-for": "198.51.100.1" })).status).toBe(429);
  });

  test("X-Forwarded-For from anyone but a trusted proxy buys no fresh bucket", async () => {
    const app = limited({ trustedProxies: createProxyList(["10.0.0.0/8"]) });
    expect((await get(app, "203.0.113.9", { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    expect((await get(app, "203.0.113.9", { "x-forwarded-for": "198.51.100.2" })).status).toBe(429);
    // Forged entries in front of the balancer's own are skipped too.
    expect((await get(app, lb, { "x-forwarded-for": "1.1.1.1, 203.0.113.9" })).status).toBe(429);
  });

  test("IPv6 addresses of one /64 share a bucket; another /64 has its own", async () => {
    const app = limited();
    expect((await get(app, "2001:db8:aa:1::1")).status).toBe(200);
    expect((await get(app, "2001:db8:aa:1:ffff::2")).status).toBe(429);
    expect((await get(app, "2001:db8:aa:2::1")).status).toBe(200);
  });

  test("an app key has its own bucket wherever it comes from", async () => {
    const app = limited({ appKeys: createApiKeyVerifier({ keys: ["app-one"] }) });
    const key = { authorization: "Bearer app-one" };
    expect((await get(app, "198.51.100.1", key)).status).toBe(200);
    expect((await get(app, "198.51.100.2", key)).status).toBe(429); // a new address does not refill it
    expect((await get(app, "198.51.100.1")).status).toBe(200); // the address's own bucket is untouched
  });

  test("/readyz, /docs, /openapi.json and /metrics are limited; /healthz is not", async () => {
    for (const path of ["/readyz", "/docs", "/docs/init.js", "/openapi.json", "/metrics"]) {
      const app = limited({ metricsKeys: createApiKeyVerifier({ keys: ["scrape"] }) });
      const headers = { authorization: "Bearer scrape" };
      expect([path, (await get(app, "198.51.100.1", headers, path)).status]).toEqual([path, 200]);
      const res = await get(app, "198.51.100.1", headers, path);
      expect([path, res.status]).toEqual([path, 429]);
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
    }
    const app = limited();
    for (let i = 0; i < 3; i++) expect((await get(app, "198.51.100.1", {}, "/healthz")).status).toBe(200);
  });
});
