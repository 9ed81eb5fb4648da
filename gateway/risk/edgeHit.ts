// The edge-cache hit of /v1/risk answered before Hono. The common query (fastQuery.ts) of a point
// whose frame is in the edge cache is answered here, synchronously, with what the app's
// middleware would have done for it: the rate limit's token, the correlation id, the ETag and
// 304, the access-log line and the HTTP metrics (route "/v1/risk"). The plain query with
// `no-cache` is answered here too, through the mesh (edgeFresh.ts). Everything else — another
// path or method, another query, a miss, a refused token — returns undefined and goes the full
// way through Hono (app.ts), which answers it as before. A hit skips Hono's routing, its
// Context and compose, and a Headers object filled one header at a time: measured, about a
// quarter of a hit's CPU (docs/performance.md).
import type { Logger } from "../../mesh/mod.ts";
import { headersWantFresh } from "../cache/cachedJson.ts";
import { JSON_TYPE, matchesEtag } from "../cache/conditional.ts";
import type { RouteDeps } from "../context.ts";
import type { HttpMetrics } from "../metrics/httpMetrics.ts";
import { CORRELATION_HEADER, correlationIdOf, logAnswered } from "../middleware/correlation.ts";
import type { RateLimiter } from "../middleware/rateLimit.ts";
import { fastRiskQuery } from "./fastQuery.ts";
import { locateRegions } from "./pointRegions.ts";
import { renderAnswer } from "./renderAnswer.ts";
import { cachedFrame } from "./riskCache.ts";
import { createEdgeFresh } from "./edgeFresh.ts";
import type { MeshPort } from "../types.ts";

const PATH = "/v1/risk";

export interface EdgeHitDeps {
  deps: RouteDeps;
  metrics: HttpMetrics;
  log: Logger;
  /** The rate limiter (shared buckets), or null when the limit is off. */
  limiter: Pick<RateLimiter, "take" | "prepaid"> | null;
  /** For the no-cache requests (edgeFresh.ts): the mesh and the deadline of a request's mesh call. */
  mesh: MeshPort;
  requestTimeoutMs: number;
}

/**
 * The regions of a request the edge located and missed in the cache, for the full path
 * (route.ts), which then neither locates the point nor looks in the cache again: the cache's
 * miss is counted once.
 */
const missed = new WeakMap<Request, readonly number[]>();

/** The region ids the edge found for this request before it missed, if it did. */
export function edgeMissOf(req: Request): readonly number[] | undefined {
  return missed.get(req);
}

/** The path of an absolute URL ("http://host/p?q" → "/p"), or null when it has none. */
function pathOf(url: string): string | null {
  const scheme = url.indexOf("://");
  const slash = url.indexOf("/", scheme < 0 ? 0 : scheme + 3);
  if (slash < 0) return null;
  const q = url.indexOf("?", slash);
  return url.slice(slash, q < 0 ? url.length : q);
}

export function createEdgeHit(opts: EdgeHitDeps): (req: Request, server: unknown) => Response | Promise<Response> | undefined {
  const { deps, metrics, log, limiter } = opts;
  const cacheControl = `public, max-age=${deps.answers.maxAgeSeconds}`;
  const fresh = createEdgeFresh(opts);
  const hit = (req: Request, server: unknown): Response | Promise<Response> | undefined => {
    const started = performance.now();
    if (req.method !== "GET") return undefined;
    const url = req.url;
    if (pathOf(url) !== PATH) return undefined;
    const point = fastRiskQuery(url);
    if (point === null) return undefined;
    const headers = req.headers;
    const wantsFresh = headersWantFresh(headers);
    if (limiter !== null) {
      // Refused: the full path asks again (refused again) and answers its 429 problem. Granted:
      // the limiter middleware will not charge this request again if it goes on to the full path.
      if (limiter.take(req, server) > 0) return undefined;
      limiter.prepaid(req);
    }
    // Past this point a no-cache request is answered here, whatever happens (edgeFresh.ts).
    if (wantsFresh) return fresh(req, point, PATH, started);
    const regionIds = locateRegions(point.lat, point.lon);
    const frame = cachedFrame(deps.risk, point, regionIds);
    if (frame === undefined) {
      missed.set(req, regionIds);
      return undefined;
    }
    const id = correlationIdOf(headers.get(CORRELATION_HEADER));
    const answer = renderAnswer(frame, point.lat, point.lon);
    const notModified = matchesEtag(headers.get("if-none-match") ?? undefined, answer.etag);
    const res = notModified
      ? new Response(null, { status: 304, headers: { [CORRELATION_HEADER]: id, etag: answer.etag, "cache-control": cacheControl, "x-cache": "hit" } })
      : new Response(answer.body, { headers: { [CORRELATION_HEADER]: id, etag: answer.etag, "cache-control": cacheControl, "x-cache": "hit", "content-type": JSON_TYPE } });
    const status = notModified ? 304 : 200;
    if (log.isLevelEnabled("info")) logAnswered(log, id, "GET", PATH, status, started);
    metrics.recordRoute("GET", PATH, status, started);
    return res;
  };
  // Whatever fails here, the full path does again and answers (a problem, through onError).
  return (req, server) => {
    try {
      return hit(req, server);
    } catch {
      return undefined;
    }
  };
}
