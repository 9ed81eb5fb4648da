import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { cachedJson } from "../cache/cachedJson.ts";
import { meshContext, type GatewayEnv, type RouteDeps } from "../context.ts";
import { cachingHeaders, Clusters, commonErrors, notModified, untyped } from "../openapiSchemas.ts";

const clustersParams = z.object({
  run: z.enum(["historical", "current"], { error: "run must be historical or current" }).default("historical").openapi({
    description:
      "historical: counties, states and countries clustered on their daily case history (caseDensity, growth, Rt, deaths); current: the counties of NSSP's newest week clustered on ED-visit %, ED trend and their state's admissions per 100k",
  }),
});

const route = createRoute({
  method: "get",
  path: "/v1/clusters",
  tags: ["clusters"],
  summary: "Risk clusters",
  description:
    "Groups of regions with similar risk (how they were built is in `method`; `run` says which clustering, `runIds` its stored runs), their centres, and every region's cluster, column-wise.",
  request: { query: clustersParams },
  responses: {
    200: { description: "Clusters and members", headers: cachingHeaders, content: { "application/json": { schema: Clusters } } },
    ...notModified,
    400: commonErrors[400],
    429: commonErrors[429],
    503: commonErrors[503],
  },
});

export function registerClustersRoute(app: OpenAPIHono<GatewayEnv>, deps: RouteDeps): void {
  app.openapi(route, async (c) => {
    const { run } = c.req.valid("query");
    const key = run === "current" ? "clusters|current" : "clusters";
    return untyped(await cachedJson(c, deps.answers, key, () => c.var.mesh.clusters(meshContext(c), run === "current" ? "current" : undefined)));
  });
}
