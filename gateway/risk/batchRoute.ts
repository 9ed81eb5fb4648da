import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { MeshRemoteError } from "../../mesh/mod.ts";
import { wantsFresh } from "../cache/cachedJson.ts";
import { haversineKm } from "../../models/mod.ts";
import { renderRiskFrame, riskFrameOf } from "../../mesh/mod.ts";
import { JSON_TYPE } from "../cache/conditional.ts";
import { meshContext, type GatewayEnv, type RouteDeps } from "../context.ts";
import { toProblem } from "../errors.ts";
import { limitBody, MAX_BODY_BYTES } from "../middleware/bodyLimit.ts";
import { problemSchema } from "../problemSchema.ts";
import { ProblemError } from "../problem.ts";
import { commonErrors, RiskBatchResponse, untyped } from "../openapiSchemas.ts";
import type { RiskBatchResult, RiskQuery } from "../../domain/mod.ts";

import { riskBatchBody } from "./schemas.ts";
import { locateRegions } from "./pointRegions.ts";
import { cachedFrame, storeFrame } from "./riskCache.ts";

const route = createRoute({
  method: "post",
  path: "/v1/risk/batch",
  tags: ["risk"],
  summary: "Exposure risk at up to 100 geolocations",
  description: `One result per point, in order: \`{ "answer": RiskAnswer }\` or \`{ "error": Problem }\` for a point that alone failed (e.g. no data for its date). Bodies above ${MAX_BODY_BYTES} bytes are refused with 413. Cached answers are reused; the rest cross the mesh in one request.`,
  middleware: [limitBody()] as const,
  request: { body: { required: true, content: { "application/json": { schema: riskBatchBody } } } },
  responses: {
    200: { description: "One result per point", content: { "application/json": { schema: RiskBatchResponse } } },
    413: { description: `Body larger than ${MAX_BODY_BYTES} bytes`, content: { "application/problem+json": { schema: problemSchema } } },
    ...commonErrors,
  },
});

export function registerRiskBatchRoute(app: OpenAPIHono<GatewayEnv>, deps: RouteDeps): void {
  app.openapi(route, async (c) => {
    const { points } = c.req.valid("json");
    const rc = deps.risk;
    const fresh = wantsFresh(c);
    const parts: string[] = new Array(points.length);
    const misses: number[] = [];
    const queries: RiskQuery[] = [];
    const located: number[][] = [];
    points.forEach((p, i) => {
      const query: RiskQuery = { lat: p.lat, lon: p.lon, groupSize: p.groupSize, ...(p.date ? { date: p.date } : {}) };
      located[i] = locateRegions(p.lat, p.lon);
      const hit = fresh ? undefined : cachedFrame(rc, query, located[i]);
      if (hit) parts[i] = `{"answer":${renderRiskFrame(hit, p.lat, p.lon, haversineKm)}}`;
      else {
        misses.push(i);
        queries.push(query);
      }
    });
    if (queries.length > 0) {
      const generation = rc.cache.generation();
      const results: RiskBatchResult["results"] = await c.var.mesh.riskBatch(queries, meshContext(c));
      if (results.length !== queries.length) {
        throw new ProblemError(502, "Bad Gateway", `the risk pool answered ${results.length} results for ${queries.length} points`);
      }
      results.forEach((r, k) => {
        const i = misses[k];
        if ("answer" in r) {
          // A whole answer for its own point: cached under the point (GET /v1/risk finds it there).
          const frame = riskFrameOf(r.answer, () => null, true);
          storeFrame(rc, queries[k], [], frame, generation);
          parts[i] = `{"answer":${frame.parts[0]}}`;
        } else {
          const problem = toProblem(new MeshRemoteError(r.error.code, r.error.message)).body();
          parts[i] = JSON.stringify({ error: problem });
        }
      });
    }
    return untyped(c.body(`{"results":[${parts.join(",")}]}`, 200, { "content-type": JSON_TYPE }));
  });
}
