// The edge cache of /v1/risk: risk frames keyed by the located regions, groupSize and date, so
// every point of one county shares one entry (and one mesh request). A frame that depends on
// the point itself (byPoint) is kept under the point's own key instead. Concurrent misses of one
// key share one mesh request; a fetch that spans an invalidation stores nothing.
import { MeshNoRespondersError, MeshTimeoutError, type RiskFrame } from "../../mesh/mod.ts";
import { createEdgeCache, type EdgeCache } from "../cache/edgeCache.ts";
import type { EdgeCacheOptions } from "../types.ts";

export interface RiskCache {
  cache: EdgeCache<RiskFrame>;
  /** Fetches under way by cache key, with the point each one asked for. */
  inFlight: Map<string, { frame: Promise<RiskFrame>; point: string }>;
}

export interface RiskPoint {
  lat: number;
  lon: number;
  groupSize: number;
  date?: string;
}

export function createRiskCache(opts: EdgeCacheOptions): RiskCache {
  return { cache: createEdgeCache<RiskFrame>(opts), inFlight: new Map() };
}

export const regionKey = (regionIds: readonly number[], q: RiskPoint) => `r|${regionIds.join(",")}|${q.groupSize}|${q.date ?? ""}`;
/** Normalized numbers: "40.71280" and "40.7128" share it. */
export const pointKey = (q: RiskPoint) => `p|${q.lat}|${q.lon}|${q.groupSize}|${q.date ?? ""}`;

/**
 * The frame for a point located in `regionIds` as `read` finds it: its region's entry, unless
 * that one holds for its own point only; else the point's own entry (a by-point answer, or a
 * batch's). `read` is the cache's get or peek (its methods close over the cache: no binding).
 */
function frameIn(read: (key: string) => RiskFrame | undefined, q: RiskPoint, regionIds: readonly number[]): RiskFrame | undefined {
  const byRegion = regionIds.length > 0 ? read(regionKey(regionIds, q)) : undefined;
  if (byRegion && !byRegion.byPoint) return byRegion;
  return read(pointKey(q));
}

/** The cached frame for a point located in `regionIds`, if any (counts a hit or a miss). */
export const cachedFrame = (rc: RiskCache, q: RiskPoint, regionIds: readonly number[]): RiskFrame | undefined => frameIn(rc.cache.get, q, regionIds);

/**
 * The frame a no-cache request for this point can name to the pool as the one it holds
 * (edgeFresh.ts): what cachedFrame would return, but expired entries too, and without counting
 * a hit or a miss (the request is not answered from the cache).
 */
export const heldFrame = (rc: RiskCache, q: RiskPoint, regionIds: readonly number[]): RiskFrame | undefined => frameIn(rc.cache.peek, q, regionIds);

/** Stores a frame fetched (after `generation`) for this point: by region when it holds for the whole region. */
export function storeFrame(rc: RiskCache, q: RiskPoint, regionIds: readonly number[], frame: RiskFrame, generation: number): void {
  // A by-point frame under the region key tells the region's next point to look by point.
  if (regionIds.length > 0) rc.cache.set(regionKey(regionIds, q), frame, generation);
  if (frame.byPoint || regionIds.length === 0) rc.cache.set(pointKey(q), frame, generation);
}

/**
 * Fetches one frame within `timeoutMs` (the mesh request's deadline). Called again with what
 * is left of the request's deadline when a shared request failed.
 */
export type FrameFetch = (timeoutMs: number) => Promise<RiskFrame>;

/**
 * The frame for a point located in `regionIds`: from the cache, or from `fetch` (one mesh
 * request). `fresh` (the client's no-cache) always fetches and refreshes the entry. Concurrent
 * misses of one region share one request unless its answer turns out to hold for one point only.
 */
export async function riskFrame(
  rc: RiskCache,
  q: RiskPoint,
  regionIds: readonly number[],
  fresh: boolean,
  fetch: FrameFetch,
  timeoutMs: number,
): Promise<{ frame: RiskFrame; hit: boolean }> {
  if (!fresh) {
    const hit = cachedFrame(rc, q, regionIds);
    if (hit) return { frame: hit, hit: true };
  }
  return { frame: await fetchFrame(rc, q, regionIds, fresh, fetch, timeoutMs), hit: false };
}

/**
 * A shared request that failed this way tells nothing about the joiner's own chances: it missed
 * its deadline (e.g. NATS gave it to a worker on a host that died before the route to it was
 * dropped) or found no worker at its moment. Any other failure is the mesh's answer for the key.
 */
const sharedFailureIsTransient = (err: unknown) => err instanceof MeshTimeoutError || err instanceof MeshNoRespondersError;

/**
 * The mesh half of riskFrame, for a caller that has already looked in the cache (cachedFrame)
 * and missed, or wants a fresh answer: joins a fetch of the same key under way, else fetches.
 * `timeoutMs` is this request's own deadline: a joined fetch that failed transiently (above) is
 * not this request's failure, so it asks the mesh again with the time it has left (joining a
 * newer fetch of the key if there is one) and fails only when its own deadline has passed.
 */
export async function fetchFrame(rc: RiskCache, q: RiskPoint, regionIds: readonly number[], fresh: boolean, fetch: FrameFetch, timeoutMs: number): Promise<RiskFrame> {
  const point = pointKey(q);
  const key = regionIds.length > 0 ? regionKey(regionIds, q) : point;
  const deadline = Date.now() + timeoutMs;
  if (!fresh) {
    for (let pending = rc.inFlight.get(key); pending; pending = rc.inFlight.get(key)) {
      try {
        const frame = await pending.frame;
        if (!frame.byPoint || pending.point === point) return frame;
        break;
      } catch (err) {
        if (!sharedFailureIsTransient(err) || Date.now() >= deadline) throw err;
        // The failed fetch has left inFlight (its settle handler ran before this one): loop to
        // join a newer one, or fetch below.
        if (rc.inFlight.get(key) === pending) throw err;
      }
    }
  }
  const generation = rc.cache.generation();
  const p = fetch(Math.max(1, deadline - Date.now())).then((frame) => {
    storeFrame(rc, q, regionIds, frame, generation);
    return frame;
  });
  if (!fresh && !rc.inFlight.has(key)) {
    const entry = { frame: p, point };
    rc.inFlight.set(key, entry);
    const done = () => {
      if (rc.inFlight.get(key) === entry) rc.inFlight.delete(key);
    };
    p.then(done, done);
  }
  return p;
}
