import { describe, expect, test } from "bun:test";
import { createTokenBuckets } from "./tokenBuckets.ts";
import { expectProblem, fakeMesh, testApp } from "../testSupport.ts";
import { createApiKeyVerifier } from "../auth/apiKeys.ts";

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
