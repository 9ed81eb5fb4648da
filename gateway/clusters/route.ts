import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { cachedJson } from "../cache/cachedJson.ts";
import { meshContext, type GatewayEnv, type RouteDeps } from "../context.ts";
import { cachingHeaders, Clusters, commonErrors, notModified, untyped } from "../openapiSchemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/clusters",
  tags: ["clusters"],
  summary: "Risk clusters",
  description: "Groups of regions with similar risk trajectories (how they were built is in `method`), their centres, and every region's cluster, column-wise.",
  responses: {
    200: { description: "Clusters and members", headers: cachingHeaders, content: { "application/json": { schema: Clusters } } },
    ...notModified,
    429: commonErrors[429],
    503: commonErrors[503],
  },
});

export function registerClustersRoute(app: OpenAPIHono<GatewayEnv>, deps: RouteDeps): void {
  app.openapi(route, async (c) => untyped(await cachedJson(c, deps.answers, "clusters", () => c.var.mesh.clusters(meshContext(c)))));
}
