import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { createApiKeyVerifier, type ApiKeyVerifier } from "../auth/apiKeys.ts";
import { requireApiKey } from "../auth/requireApiKey.ts";
import { meshContext, type GatewayEnv } from "../context.ts";
import { limitBody, MAX_BODY_BYTES } from "../middleware/bodyLimit.ts";
import { commonErrors } from "../openapiSchemas.ts";
import { problem } from "../problemSchema.ts";
import { ActivityAnswer, ActivityPingResult, ActivityPings, activityParams, activityRange } from "./schemas.ts";

const post = createRoute({
  method: "post",
  path: "/v1/activity",
  tags: ["activity"],
  summary: "Anonymous device pings",
  description:
    `App key required (\`Authorization: Bearer <key>\`): an app vouches for the device ids it sends. Batches of at most ${MAX_BODY_BYTES / 1024} KB. Each ping is placed in its region and kept only as (region, hour, salted hash of the device id): coordinates and device ids are never stored or logged. ` +
    "Counts are published per region per hour and per day only where at least k distinct devices were seen.",
  request: { body: { content: { "application/json": { schema: ActivityPings } }, required: true } },
  responses: {
    202: { description: "Accepted and stored (unlocated pings are counted, not kept)", content: { "application/json": { schema: ActivityPingResult } } },
    401: problem("No valid app key"),
    413: problem("Body above 10 KB"),
    ...commonErrors,
  },
});

const get = createRoute({
  method: "get",
  path: "/v1/regions/{id}/activity",
  tags: ["activity"],
  summary: "Distinct devices per hour and per day",
  description:
    "k-anonymous: an hour or day with fewer than k distinct devices (ACTIVITY_K, default 10) is left out, and a day is left out unless at least k of its devices were seen in no reported hour (so no day minus its hours reveals a group below k). " +
    "The window is whole UTC days, both bounds required, at most 31 days (presences are kept 30 days).",
  request: { params: activityParams, query: activityRange },
  responses: {
    200: { description: "Device counts", content: { "application/json": { schema: ActivityAnswer } } },
    ...commonErrors,
  },
});

export function registerActivityRoutes(app: OpenAPIHono<GatewayEnv>, opts: { keys?: ApiKeyVerifier } = {}): void {
  app.use("/v1/activity", requireApiKey(opts.keys ?? createApiKeyVerifier({})), limitBody(MAX_BODY_BYTES));
  app.openapi(post, async (c) => {
    const batch = c.req.valid("json");
    const result = await c.var.mesh.submitActivity(batch, meshContext(c));
    return c.json(result, 202);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const q = c.req.valid("query");
    const [from, to] = [new Date(q.from).toISOString(), new Date(q.to).toISOString()];
    const answer = await c.var.mesh.activity({ regionId: id, from, to }, meshContext(c));
    c.header("Cache-Control", "no-store");
    return c.json(answer, 200);
  });
}
