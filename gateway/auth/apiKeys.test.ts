import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { apiKeysFromConfig, createApiKeyVerifier, hashApiKey } from "./apiKeys.ts";
import { requireApiKey } from "./requireApiKey.ts";
import { ApiKeyConfigError } from "./errors.ts";
import { problemResponse } from "../errors.ts";

describe("API keys", () => {
  test("plain keys and configured hashes both verify; anything else does not", () => {
    const v = createApiKeyVerifier({ keys: ["alpha-key"], hashes: [hashApiKey("beta-key")] });
    expect(v.size).toBe(2);
    expect(v.verify("alpha-key")).toBe(true);
    expect(v.verify("beta-key")).toBe(true);
    expect(v.verify("alpha-ke")).toBe(false);
    expect(v.verify("")).toBe(false);
    expect(v.verify(hashApiKey("alpha-key"))).toBe(false); // the digest itself is not a key
  });

  test("configuration is comma-separated; a malformed hash is a named error", () => {
    expect(apiKeysFromConfig({ API_KEYS: "a, b,,", API_KEY_HASHES: "" }).size).toBe(2);
    expect(() => apiKeysFromConfig({ API_KEY_HASHES: "abc" })).toThrow(ApiKeyConfigError);
  });

  test("the verifier keeps no plain key in memory", () => {
    const v = createApiKeyVerifier({ keys: ["super-secret-key-123"] });
    expect(JSON.stringify(v)).not.toContain("super-secret");
  });
});

describe("requireApiKey", () => {
  const app = (keys = ["k1"]) => {
    const a = new Hono();
    a.use("/w/*", requireApiKey(createApiKeyVerifier({ keys })));
    a.post("/w/x", (c) => c.json({ ok: true }));
    a.onError((err, c) => problemResponse(c, err));
    return a;
  };

  test("Bearer and X-API-Key both pass; no key, a wrong key or a malformed header give 401 with a challenge", async () => {
    expect((await app().request("/w/x", { method: "POST", headers: { authorization: "Bearer k1" } })).status).toBe(200);
    expect((await app().request("/w/x", { method: "POST", headers: { "x-api-key": "k1" } })).status).toBe(200);
    for (const headers of <Record<string, string>[]>[{}, { authorization: "Bearer nope" }, { authorization: "Basic azE6" }, { "x-api-key": "k2" }]) {
      const res = await app().request("/w/x", { method: "POST", headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toStartWith("application/problem+json");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
  });

  test("with no key configured, protected routes refuse and say why", async () => {
    const res = await app([]).request("/w/x", { method: "POST", headers: { authorization: "Bearer anything" } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toContain("none is configured");
  });
});
