// The read path of every daily answer: edge cache → (miss) one mesh request → serialize once,
// ETag, store → conditional response. Concurrent misses of one key share one mesh request.
import type { Context } from "hono";
import { conditionalResponse } from "./conditional.ts";
import { etagOf, type CachedAnswer, type EdgeCache } from "./edgeCache.ts";

export interface AnswerCache {
  cache: EdgeCache;
  maxAgeSeconds: number;
  inFlight: Map<string, Promise<CachedAnswer>>;
}

/** A client's `Cache-Control: no-cache` (or `Pragma: no-cache`) asks for a fresh answer from the mesh. */
export function wantsFresh(c: Context): boolean {
  return headersWantFresh(c.req.raw.headers);
}

/** The same rule on a raw Request's headers, for a path that answers before Hono (risk/edgeHit.ts). */
export function headersWantFresh(headers: Headers): boolean {
  return headers.get("cache-control")?.includes("no-cache") === true || headers.get("pragma")?.includes("no-cache") === true;
}

/** The answer for `key`, from the cache or from `fetch` (and then cached). */
export async function lookup(
  deps: AnswerCache,
  key: string,
  fresh: boolean,
  fetch: () => Promise<unknown>,
  render: (value: unknown) => string = JSON.stringify,
): Promise<{ answer: CachedAnswer; hit: boolean }> {
  if (!fresh) {
    const hit = deps.cache.get(key);
    if (hit) return { answer: hit, hit: true };
    const pending = deps.inFlight.get(key);
    if (pending) return { answer: await pending, hit: false };
  }
  const generation = deps.cache.generation();
  const p = fetch().then((value) => {
    const body = render(value);
    const answer = { body, etag: etagOf(body) };
    deps.cache.set(key, answer, generation);
    return answer;
  });
  if (!fresh) {
    deps.inFlight.set(key, p);
    p.then(
      () => deps.inFlight.delete(key),
      () => deps.inFlight.delete(key),
    );
  }
  return { answer: await p, hit: false };
}

export async function cachedJson(c: Context, deps: AnswerCache, key: string, fetch: () => Promise<unknown>): Promise<Response> {
  const { answer, hit } = await lookup(deps, key, wantsFresh(c), fetch);
  return conditionalResponse(c, answer, { maxAgeSeconds: deps.maxAgeSeconds, cacheStatus: hit ? "hit" : "miss" });
}

/** Like cachedJson for another representation (e.g. CSV): `render` turns the mesh answer into the body. */
export async function cachedText<T>(c: Context, deps: AnswerCache, key: string, fetch: () => Promise<T>, render: (value: T) => string, contentType: string): Promise<Response> {
  const { answer, hit } = await lookup(deps, key, wantsFresh(c), fetch, render as (v: unknown) => string);
  return conditionalResponse(c, answer, { maxAgeSeconds: deps.maxAgeSeconds, cacheStatus: hit ? "hit" : "miss", contentType });
}
