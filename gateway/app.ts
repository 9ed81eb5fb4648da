// The gateway application: REST in, mesh messages out. Tested in-process with app.request().
import { OpenAPIHono } from "@hono/zod-openapi";
import { silentLogger } from "../mesh/mod.ts";
import { createEdgeCache } from "./cache/edgeCache.ts";
import type { GatewayEnv, RouteDeps } from "./context.ts";
import { problemResponse } from "./errors.ts";
import { ProblemError } from "./problem.ts";
import { requestBasics } from "./middleware/requestBasics.ts";
import { createRateLimiter, defaultClientKey } from "./middleware/rateLimit.ts";
import { strictIdParam, strictNumbers } from "./middleware/strictNumbers.ts";
import { cacheOnce } from "./middleware/cacheOnce.ts";
import { anyKey } from "./auth/apiKeys.ts";
import { createHttpMetrics } from "./metrics/httpMetrics.ts";
import { registerMetricsRoute } from "./metrics/route.ts";
import { registerHealthRoutes } from "./health/route.ts";
import { registerRiskRoute, riskFastPath } from "./risk/route.ts";
import { createEdgeHit } from "./risk/edgeHit.ts";
import { createRiskCache } from "./risk/riskCache.ts";
import { registerRiskBatchRoute } from "./risk/batchRoute.ts";
import { registerRegionRoutes } from "./regions/route.ts";
import { registerClustersRoute } from "./clusters/route.ts";
import { registerDocsRoutes } from "./docs/route.ts";
import { registerWebRoutes } from "./web/route.ts";
import { registerIngestRoute } from "./ingest/route.ts";
import { registerJobRoutes } from "./jobs/route.ts";
import { registerReportsRoute } from "./reports/route.ts";
import { registerActivityRoutes } from "./activity/route.ts";
import { createIdempotencyLedger } from "./middleware/idempotency.ts";
import type { GatewayOptions } from "./types.ts";

export type { GatewayEnv } from "./context.ts";

export const DEFAULTS = {
  rateLimit: { ratePerSecond: 100, burst: 200 },
  edgeCache: { maxEntries: 50_000, ttlMs: 5 * 60_000 },
  cacheMaxAgeSeconds: 3600,
} as const;

/**
 * Paths under the per-client rate limit; /healthz stays free for liveness probes. "/docs/*"
 * matches "/docs" itself too (listing both would take two tokens per page).
 */
export const LIMITED_PATHS = ["/v1/*", "/readyz", "/metrics", "/docs/*", "/openapi.json"] as const;

export function createApp(opts: GatewayOptions): OpenAPIHono<GatewayEnv> {
  const log = opts.logger ?? silentLogger;
  const app = new OpenAPIHono<GatewayEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        throw new ProblemError(400, "Bad Request", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
      }
    },
  });

  const cache = createEdgeCache(opts.edgeCache ?? DEFAULTS.edgeCache);
  const risk = createRiskCache(opts.edgeCache ?? DEFAULTS.edgeCache);
  opts.mesh.onDataChanged((reason) => {
    cache.invalidate();
    risk.cache.invalidate();
    log.debug({ reason }, "edge cache dropped");
  });
  const deps: RouteDeps = {
    answers: { cache, maxAgeSeconds: opts.cacheMaxAgeSeconds ?? DEFAULTS.cacheMaxAgeSeconds, inFlight: new Map() },
    risk,
  };
  const metrics = createHttpMetrics([cache, risk.cache]);

  // Metrics, correlation id, access log and the routes' variables: one middleware.
  app.use("*", requestBasics({ metrics, log, mesh: opts.mesh, requestTimeoutMs: opts.requestTimeoutMs }));
  // One limiter for every route that costs something: the API, and the pages that render or
  // reach the database (/readyz is a database round trip, /metrics and /docs are large).
  const limits = opts.rateLimit ?? DEFAULTS.rateLimit;
  const limiter = createRateLimiter(limits, opts.clientKey ?? defaultClientKey({ keys: [opts.apiKeys, opts.appKeys, opts.metricsKeys], trustedProxies: opts.trustedProxies }));
  // Limit off (RATE_LIMIT_RPS=0): the limiter would only pass every request on; no layer at all.
  if (limits.ratePerSecond > 0) for (const path of LIMITED_PATHS) app.use(path, limiter.middleware);
  // The common /v1/risk query answers here, before the checks below that it passes by
  // construction (risk/fastQuery.ts); everything else goes on through them to the OpenAPI route.
  app.use("/v1/risk", riskFastPath(deps));
  // On /v1/risk by name (so a refusal is counted under that route), then on anything else.
  const numbers = strictNumbers();
  app.use("/v1/risk", numbers);
  app.use("/v1/*", async (c, next) => (c.req.path === "/v1/risk" ? next() : numbers(c, next)));
  app.use("/v1/regions/:id", strictIdParam());
  app.use("/v1/regions/:id/*", strictIdParam());

  app.use("/openapi.json", cacheOnce());

  registerHealthRoutes(app, opts.version ?? "0.1.0");
  registerRiskRoute(app, deps);
  registerRiskBatchRoute(app, deps);
  registerRegionRoutes(app, deps);
  registerClustersRoute(app, deps);
  registerMetricsRoute(app, metrics.registry, anyKey(opts.metricsKeys, opts.apiKeys));
  registerDocsRoutes(app);
  registerWebRoutes(app);
  const idempotency = createIdempotencyLedger();
  registerIngestRoute(app, { apiKeys: opts.apiKeys, sources: opts.ingest?.sources, fileRoot: opts.ingest?.fileRoot, idempotency });
  registerJobRoutes(app, { apiKeys: opts.apiKeys, adminKeys: opts.adminKeys });
  registerReportsRoute(app, { apiKeys: opts.apiKeys, maxBytes: opts.reportsMaxBytes, idempotency });
  registerActivityRoutes(app, { keys: anyKey(opts.appKeys, opts.apiKeys) });

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "covid-mesh",
      version: opts.version ?? "0.1.0",
      description:
        "COVID-19 exposure risk by geolocation. Every error is RFC 9457 application/problem+json. Answers that change once a day carry ETag and Cache-Control; send If-None-Match to get 304.",
      license: { name: "Data: JHU CSSE COVID-19 Data Repository, CC BY 4.0", url: "https://github.com/CSSEGISandData/COVID-19" },
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "risk", description: "Exposure risk at a point" },
      { name: "regions", description: "Regions, their history and forecasts" },
      { name: "clusters", description: "Regions grouped by risk" },
    ],
  });

  app.notFound((c) => problemResponse(c, new ProblemError(404, "Not Found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`)));
  app.onError((err, c) => {
    if (!(err instanceof ProblemError) || err.status >= 500) log.error({ err, correlationId: c.get("correlationId") }, "request failed");
    return problemResponse(c, err);
  });

  // An edge-cache hit of /v1/risk, and the same query with no-cache (through the mesh), are
  // answered before Hono (risk/edgeHit.ts, edgeFresh.ts), with the same metrics, log line, token,
  // headers and problems; anything else goes on to Hono. app.request() (the
  // tests) goes through app.fetch too, so both paths are tested in-process.
  const edgeHit = createEdgeHit({
    deps,
    metrics,
    log,
    limiter: limits.ratePerSecond > 0 ? limiter : null,
    mesh: opts.mesh,
    requestTimeoutMs: opts.requestTimeoutMs,
  });
  const honoFetch = app.fetch;
  app.fetch = (req, env, executionCtx) => edgeHit(req, env) ?? honoFetch(req, env, executionCtx);
  return app;
}
