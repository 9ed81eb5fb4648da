import { describe, expect, test } from "bun:test";
import { createEdgeCache, etagOf } from "./edgeCache.ts";
import { matchesEtag } from "./conditional.ts";
import { MeshRemoteError, MeshTimeoutError } from "../../mesh/mod.ts";
import { fakeMesh, testApp } from "../testSupport.ts";

const entry = (body: string) => ({ body, etag: etagOf(body) });

describe("createEdgeCache", () => {
  test("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = createEdgeCache({ maxEntries: 2, ttlMs: 60_000 });
    const g = cache.generation();
    cache.set("a", entry("A"), g);
    cache.set("b", entry("B"), g);
    expect(cache.get("a")?.body).toBe("A"); // a is now the most recent
    cache.set("c", entry("C"), g);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")?.body).toBe("A");
    expect(cache.get("c")?.body).toBe("C");
    expect(cache.stats()).toMatchObject({ size: 2, hits: 3, misses: 1 });
  });

  test("entries expire after the TTL", () => {
    let now = 0;
    const cache = createEdgeCache({ maxEntries: 10, ttlMs: 1000 }, () => now);
    cache.set("a", entry("A"), cache.generation());
    now = 999;
    expect(cache.get("a")).toBeDefined();
    now = 1000;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.stats().size).toBe(0);
  });

  test("invalidate drops everything, and an answer fetched across it is not stored", () => {
    const cache = createEdgeCache({ maxEntries: 10, ttlMs: 60_000 });
    cache.set("a", entry("A"), cache.generation());
    const before = cache.generation();
    cache.invalidate();
    expect(cache.get("a")).toBeUndefined();
    cache.set("b", entry("stale"), before);
    expect(cache.get("b")).toBeUndefined();
    cache.set("b", entry("fresh"), cache.generation());
    expect(cache.get("b")?.body).toBe("fresh");
    expect(cache.stats().invalidations).toBe(1);
  });

  test("maxEntries 0 disables caching", () => {
    const cache = createEdgeCache({ maxEntries: 0, ttlMs: 60_000 });
    cache.set("a", entry("A"), cache.generation());
    expect(cache.get("a")).toBeUndefined();
  });

  test("etags differ when bodies differ and If-None-Match compares weakly", () => {
    expect(etagOf("x")).not.toBe(etagOf("y"));
    expect(etagOf("x")).toBe(etagOf("x"));
    const tag = etagOf("x");
    expect(matchesEtag(`"nope", ${tag}`, tag)).toBe(true);
    expect(matchesEtag(`W/${tag}`, tag)).toBe(true);
    expect(matchesEtag("*", tag)).toBe(true);
    expect(matchesEtag(`"nope"`, tag)).toBe(false);
    expect(matchesEtag(undefined, tag)).toBe(false);
  });
});

describe("the edge cache in front of the mesh", () => {
  const url = "/v1/risk?lat=40.7128&lon=-74.006&groupSize=25";

  test("a repeated query is answered without crossing the mesh; an equal query written differently too", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    const first = await app.request(url);
    expect(first.headers.get("x-cache")).toBe("miss");
    const second = await app.request(url);
    expect(second.headers.get("x-cache")).toBe("hit");
    const third = await app.request("/v1/risk?lon=-74.0060&lat=40.71280&groupSize=25");
    expect(third.headers.get("x-cache")).toBe("hit");
    expect(await second.text()).toBe(await first.text());
    expect(mesh.calls.filter((c) => c.method === "risk")).toHaveLength(1);
    // A different group size is a different answer.
    await app.request("/v1/risk?lat=40.7128&lon=-74.006&groupSize=26");
    expect(mesh.calls.filter((c) => c.method === "risk")).toHaveLength(2);
  });

  test("a mesh update event drops the cached answers", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    await app.request(url);
    await app.request(url);
    expect(mesh.calls).toHaveLength(1);
    mesh.changeData("risk snapshot updated");
    const res = await app.request(url);
    expect(res.headers.get("x-cache")).toBe("miss");
    expect(mesh.calls).toHaveLength(2);
  });

  test("concurrent misses of one query share one mesh request", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const base = fakeMesh();
    const mesh = fakeMesh({
      risk: async (q, ctx) => {
        await gate;
        return base.risk(q, ctx);
      },
    });
    const app = testApp(mesh);
    const pending = [app.request(url), app.request(url), app.request(url)];
    await Bun.sleep(5);
    release();
    const answers = await Promise.all(pending);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(base.calls).toHaveLength(1);
  });

  test("a request that joined a shared mesh request which missed its deadline asks the mesh itself, within its own deadline", async () => {
    // The shared request went to a worker that died (a host crash before NATS dropped the route
    // to it): it fails with the deadline of the request that made it. A request that joined it
    // later still has time left and must not fail with it.
    let failFirst!: () => void;
    const firstFails = new Promise<void>((r) => (failFirst = r));
    const base = fakeMesh();
    const timeouts: number[] = [];
    const mesh = fakeMesh({
      risk: async (q, ctx) => {
        timeouts.push(ctx.timeoutMs);
        if (timeouts.length === 1) {
          await firstFails;
          throw new MeshTimeoutError("covid.risk.regions.batch", ctx.timeoutMs);
        }
        return base.risk(q, ctx);
      },
    });
    const app = testApp(mesh, { requestTimeoutMs: 60_000 });
    const first = app.request(url);
    await Bun.sleep(5);
    const joined = app.request(url);
    await Bun.sleep(5);
    failFirst();
    expect((await first).status).toBe(503);
    const res = await joined;
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBe("miss");
    // One more mesh request, the joiner's own, with what was left of its deadline.
    expect(timeouts).toHaveLength(2);
    expect(timeouts[0]).toBe(60_000);
    expect(timeouts[1]).toBeGreaterThan(0);
    expect(timeouts[1]).toBeLessThanOrEqual(60_000);
    expect(base.calls).toHaveLength(1);
  });

  test("a shared request's answer of an error (not a missed deadline) is every joiner's answer, with one mesh request", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const mesh = fakeMesh({
      risk: async () => {
        calls++;
        await gate;
        throw new MeshRemoteError("no_data", "no data for the point");
      },
    });
    const app = testApp(mesh);
    const pending = [app.request(url), app.request(url), app.request(url)];
    await Bun.sleep(5);
    release();
    expect((await Promise.all(pending)).map((r) => r.status)).toEqual([404, 404, 404]);
    expect(calls).toBe(1);
  });

  test("Cache-Control: no-cache from the client goes to the mesh and refreshes the entry", async () => {
    const mesh = fakeMesh();
    const app = testApp(mesh);
    await app.request(url);
    const res = await app.request(url, { headers: { "cache-control": "no-cache" } });
    expect(res.headers.get("x-cache")).toBe("miss");
    expect(mesh.calls).toHaveLength(2);
  });

  test("answers carry ETag and Cache-Control; If-None-Match with the ETag gives 304 without a body", async () => {
    const app = testApp(fakeMesh(), { cacheMaxAgeSeconds: 600 });
    const res = await app.request(url);
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-z]+"$/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=600");
    const again = await app.request(url, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    const other = await app.request(url, { headers: { "if-none-match": '"something-else"' } });
    expect(other.status).toBe(200);
  });

  test("errors are not cached", async () => {
    let fail = true;
    const base = fakeMesh();
    const mesh = fakeMesh({
      risk: async (q, ctx) => {
        if (fail) throw new Error("boom");
        return base.risk(q, ctx);
      },
    });
    const app = testApp(mesh);
    expect((await app.request(url)).status).toBe(500);
    fail = false;
    const res = await app.request(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-cache")).toBe("miss");
  });
});
