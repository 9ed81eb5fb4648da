// A no-cache /v1/risk request of the plain query, answered before Hono (edgeHit.ts hands it
// here once it has taken the request's token). It still crosses the mesh, exactly as the full
// path (route.ts) does: the point's regions, the frame the edge cache holds for them named to
// the pool (meshPort.ts), the fresh frame stored back. What the middleware chain does around it
// is done here, in its order and with its output: the correlation id, the response's headers
// (x-cache: miss), 304 for a matching If-None-Match, a failure answered by the app's onError
// rules (gateway/errors.ts: problem+json, a timeout a 503 with Retry-After, logged when it is
// not the client's), the access-log line and the HTTP metrics under route "/v1/risk". Measured:
// Hono's routing, Context, compose and middleware were about a tenth of a bypassing request's
// CPU (docs/performance.md).
import type { Logger } from "../../mesh/mod.ts";
import { JSON_TYPE, matchesEtag } from "../cache/conditional.ts";
import type { RouteDeps } from "../context.ts";
import { problemResponseOf } from "../errors.ts";
import type { HttpMetrics } from "../metrics/httpMetrics.ts";
import { CORRELATION_HEADER, correlationIdOf, logAnswered } from "../middleware/correlation.ts";
import { ProblemError } from "../problem.ts";
import type { MeshPort } from "../types.ts";
import { locateRegions } from "./pointRegions.ts";
import { renderAnswer } from "./renderAnswer.ts";
import { fetchFrame, heldFrame, type RiskPoint } from "./riskCache.ts";

export interface EdgeFreshDeps {
  deps: RouteDeps;
  metrics: HttpMetrics;
  log: Logger;
  mesh: MeshPort;
  /** The deadline of a request's mesh call (the app's requestTimeoutMs). */
  requestTimeoutMs: number;
}

export type EdgeFresh = (req: Request, point: RiskPoint, path: string, started: number) => Promise<Response>;

export function createEdgeFresh(opts: EdgeFreshDeps): EdgeFresh {
  const { deps, metrics, log, mesh, requestTimeoutMs } = opts;
  const cacheControl = `public, max-age=${deps.answers.maxAgeSeconds}`;
  const finish = (id: string, path: string, res: Response, started: number) => {
    if (log.isLevelEnabled("info")) logAnswered(log, id, "GET", path, res.status, started);
    metrics.recordRoute("GET", path, res.status, started);
    return res;
  };
  return (req, point, path, started) => {
    const headers = req.headers;
    const id = correlationIdOf(headers.get(CORRELATION_HEADER));
    // Everything up to the mesh call may throw: it is inside the promise, so it is answered here
    // (as onError would) and never sent on to the full path, which would ask the mesh again.
    return Promise.resolve()
      .then(() => {
        const regionIds = locateRegions(point.lat, point.lon);
        const held = heldFrame(deps.risk, point, regionIds);
        const fetch = (timeoutMs: number) => mesh.risk({ ...point, regionIds }, { correlationId: id, timeoutMs }, held);
        return fetchFrame(deps.risk, point, regionIds, true, fetch, requestTimeoutMs);
      })
      .then((frame) => {
        const answer = renderAnswer(frame, point.lat, point.lon);
        return matchesEtag(headers.get("if-none-match") ?? undefined, answer.etag)
          ? new Response(null, { status: 304, headers: { [CORRELATION_HEADER]: id, etag: answer.etag, "cache-control": cacheControl, "x-cache": "miss" } })
          : new Response(answer.body, { headers: { [CORRELATION_HEADER]: id, etag: answer.etag, "cache-control": cacheControl, "x-cache": "miss", "content-type": JSON_TYPE } });
      })
      .then(
        (res) => finish(id, path, res, started),
        (err: unknown) => {
          if (!(err instanceof ProblemError) || err.status >= 500) log.error({ err, correlationId: id }, "request failed");
          return finish(id, path, problemResponseOf(err, path, id), started);
        },
      );
  };
}
