import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler, Next } from "hono";
import type { RiskFrame } from "../../mesh/mod.ts";
import { wantsFresh } from "../cache/cachedJson.ts";
import { conditionalResponse } from "../cache/conditional.ts";
import { meshContext, type GatewayEnv, type RouteDeps } from "../context.ts";
import { cachingHeaders, commonErrors, notFound, notModified, RiskAnswer, untyped } from "../openapiSchemas.ts";
import { locateRegions } from "./pointRegions.ts";
import { renderAnswer } from "./renderAnswer.ts";
import { edgeMissOf } from "./edgeHit.ts";
import { cachedFrame, fetchFrame, heldFrame, type RiskPoint } from "./riskCache.ts";
import { fastRiskQuery } from "./fastQuery.ts";
import { riskQueryParams } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/risk",
  tags: ["risk"],
  summary: "Exposure risk at a geolocation",
  description:
    "The regions around the point (county → state → country, each with its distance), the most local one with fresh data, its metrics, Covid Act Now risk levels, CDC level, the Georgia Tech event risk for a group of the given size, its risk cluster, a 1–4 week forecast summary, and `current`: the CDC's current weekly indicators around the point — `edVisits` (NSSP percent of ED visits due to COVID-19 with CDC's level and trend, from the county's row when it has a value, else its state's, else the national one; `scope` says which) and `hospitalAdmissions` (NHSN weekly admissions of the point's state, per 100k, CDC admission level low < 10 ≤ medium < 20 ≤ high). Each is null unless its week ends within 21 days of its source's newest week (with `date`: of that date, from the data as known then). Answers come from the gateway's edge cache when possible (X-Cache): every point of one county shares one cached answer, with its own distances.",
  request: { query: riskQueryParams },
  responses: {
    200: { description: "Risk at the point", headers: cachingHeaders, content: { "application/json": { schema: RiskAnswer } } },
    ...notModified,
    ...commonErrors,
    ...notFound("No region or no data for the point or date"),
  },
});

/**
 * One point's answer. A cache hit is answered synchronously (no promise, no await): it is the
 * common case, and most of a hit's cost is the machinery around it.
 */
function answer(c: Context<GatewayEnv>, deps: RouteDeps, point: RiskPoint, edgeMissed?: readonly number[]): Response | Promise<Response> {
  const regionIds = edgeMissed ? [...edgeMissed] : locateRegions(point.lat, point.lon);
  const fresh = wantsFresh(c);
  // The edge (edgeHit.ts) has looked in the cache for this request already, and missed.
  const cached = fresh || edgeMissed ? undefined : cachedFrame(deps.risk, point, regionIds);
  if (cached) return respond(c, deps, cached, point, "hit");
  const ctx = meshContext(c);
  // A no-cache request still asks the pool, naming the frame held here: if it is still the pool's
  // answer, its bytes do not travel again (HTTP's revalidation, on the mesh).
  const held = fresh ? heldFrame(deps.risk, point, regionIds) : undefined;
  const fetch = (timeoutMs: number) => c.var.mesh.risk({ ...point, regionIds }, { ...ctx, timeoutMs }, held);
  return fetchFrame(deps.risk, point, regionIds, fresh, fetch, ctx.timeoutMs).then((frame) => respond(c, deps, frame, point, "miss"));
}

function respond(c: Context<GatewayEnv>, deps: RouteDeps, frame: RiskFrame, point: RiskPoint, cacheStatus: "hit" | "miss"): Response {
  return conditionalResponse(c, renderAnswer(frame, point.lat, point.lon), { maxAgeSeconds: deps.answers.maxAgeSeconds, cacheStatus });
}

/**
 * The common query (fastQuery.ts: plain lat, lon, groupSize), answered before the rest of the
 * /v1/risk middleware: app.ts registers it after the metrics, correlation id and rate limit and
 * before strictNumbers, whose checks a plain query passes by construction (fastQuery.test.ts).
 * Anything else goes on to strictNumbers and the OpenAPI route's zod schema.
 */
export function riskFastPath(deps: RouteDeps): MiddlewareHandler<GatewayEnv> {
  // Not async: Hono's compose awaits whatever comes back, and a hit is a plain Response.
  const fastPath = (c: Context<GatewayEnv>, next: Next): ReturnType<MiddlewareHandler<GatewayEnv>> | Response => {
    const point = c.req.method === "GET" ? fastRiskQuery(c.req.url) : null;
    return point ? answer(c, deps, point, edgeMissOf(c.req.raw)) : next();
  };
  return fastPath as MiddlewareHandler<GatewayEnv>;
}

export function registerRiskRoute(app: OpenAPIHono<GatewayEnv>, deps: RouteDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    return untyped(await answer(c, deps, { lat: q.lat, lon: q.lon, groupSize: q.groupSize, ...(q.date ? { date: q.date } : {}) }));
  });
}
