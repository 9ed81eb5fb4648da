import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { cachedJson } from "../cache/cachedJson.ts";
import { meshContext, type GatewayEnv, type RouteDeps } from "../context.ts";
import { cachingHeaders, commonErrors, notFound, notModified, RiskAnswer, untyped } from "../openapiSchemas.ts";
import { riskQueryParams } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/risk",
  tags: ["risk"],
  summary: "Exposure risk at a geolocation",
  description:
    "The regions around the point (county → state → country, each with its distance), the most local one with fresh data, its metrics, Covid Act Now risk levels, CDC level, the Georgia Tech event risk for a group of the given size, its risk cluster and a 1–4 week forecast summary. Answers come from the gateway's edge cache when possible (X-Cache).",
  request: { query: riskQueryParams },
  responses: {
    200: { description: "Risk at the point", headers: cachingHeaders, content: { "application/json": { schema: RiskAnswer } } },
    ...notModified,
    ...commonErrors,
    ...notFound("No region or no data for the point or date"),
  },
});

/** The cache key of a risk query: the normalized values, so "40.71280" and "40.7128" share it. */
export const riskKey = (q: { lat: number; lon: number; groupSize: number; date?: string }) =>
  `risk|${q.lat}|${q.lon}|${q.groupSize}|${q.date ?? ""}`;

export function registerRiskRoute(app: OpenAPIHono<GatewayEnv>, deps: RouteDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const query = { lat: q.lat, lon: q.lon, groupSize: q.groupSize, ...(q.date ? { date: q.date } : {}) };
    return untyped(await cachedJson(c, deps.answers, riskKey(query), () => c.var.mesh.risk(query, meshContext(c))));
  });
}
