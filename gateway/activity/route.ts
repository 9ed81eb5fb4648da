import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { meshContext, type GatewayEnv } from "../context.ts";
import { limitBody, MAX_BODY_BYTES } from "../middleware/bodyLimit.ts";
import { commonErrors } from "../openapiSchemas.ts";
import { problem } from "../problemSchema.ts";
import { ActivityAnswer, ActivityPingResult, ActivityPings, activityParams, activityRange } from "./schemas.ts";

const HOUR_MS = 3_600_000;

const post = createRoute({
  method: "post",
  path: "/v1/activity",
  tags: ["activity"],
  summary: "Anonymous device pings",
  description:
    `Batches of at most ${MAX_BODY_BYTES / 1024} KB. Each ping is placed in its region and kept only as (region, hour, salted hash of the device id): coordinates and device ids are never stored or logged. ` +
    "Counts are published per region per hour and per day only where at least k distinct devices were seen.",
  request: { body: { content: { "application/json": { schema: ActivityPings } }, required: true } },
  responses: {
    202: { description: "Accepted and stored (unlocated pings are counted, not kept)", content: { "application/json": { schema: ActivityPingResult } } },
    413: problem("Body above 10 KB"),
    ...commonErrors,
  },
});

const get = createRoute({
  method: "get",
  path: "/v1/regions/{id}/activity",
  tags: ["activity"],
  summary: "Distinct devices per hour and per day",
  description: "k-anonymous: an hour or day with fewer than k distinct devices (ACTIVITY_K, default 10) is left out.",
  request: { params: activityParams, query: activityRange },
  responses: {
    200: { description: "Device counts", content: { "application/json": { schema: ActivityAnswer } } },
    ...commonErrors,
  },
});

export function registerActivityRoutes(app: OpenAPIHono<GatewayEnv>): void {
  app.use("/v1/activity", limitBody(MAX_BODY_BYTES));
  app.openapi(post, async (c) => {
    const batch = c.req.valid("json");
    const result = await c.var.mesh.submitActivity(batch, meshContext(c));
    return c.json(result, 202);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    const to = q.to ?? new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS).toISOString();
    const from = q.from ?? new Date(Date.parse(to) - 7 * 24 * HOUR_MS).toISOString();
    const answer = await c.var.mesh.activity({ regionId: id, from, to }, meshContext(c));
    c.header("Cache-Control", "no-store");
    return c.json(answer, 200);
  });
}
