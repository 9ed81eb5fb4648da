import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { riskAnswerSchema } from "../../mesh/messages.ts";
import { problemSchema } from "../problemSchema.ts";
import { riskQueryParams } from "./schemas.ts";
import type { GatewayEnv } from "../app.ts";

const route = createRoute({
  method: "get",
  path: "/v1/risk",
  summary: "Exposure risk at a geolocation",
  description:
    "The region that contains the point (county, then state, then country) or else the one whose centroid is nearest, with its metrics and the Georgia Tech event risk for a group of the given size.",
  request: { query: riskQueryParams },
  responses: {
    200: { description: "Risk at the point", content: { "application/json": { schema: riskAnswerSchema } } },
    400: { description: "Bad parameters", content: { "application/problem+json": { schema: problemSchema } } },
    404: { description: "No data for the point or date", content: { "application/problem+json": { schema: problemSchema } } },
    503: { description: "The mesh did not answer in time", content: { "application/problem+json": { schema: problemSchema } } },
  },
});

export function registerRiskRoute(app: OpenAPIHono<GatewayEnv>): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const answer = await c.var.mesh.risk(
      { lat: q.lat, lon: q.lon, groupSize: q.groupSize, ...(q.date ? { date: q.date } : {}) },
      { correlationId: c.var.correlationId, timeoutMs: c.var.requestTimeoutMs },
    );
    return c.json(answer, 200);
  });
}
