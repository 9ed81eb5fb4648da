// GET /metrics: this app's HTTP metrics plus the process registry (mesh telemetry of every
// service in the process, default process metrics). In `npm start` that is the whole system.
// Behind a key (a metrics key or an admin key): the text names every route, queue and
// worker, and rendering it costs far more than a normal answer.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Registry } from "prom-client";
import { METRICS_CONTENT_TYPE, processMetricsRegistry, renderMetrics } from "../../mesh/mod.ts";
import type { ApiKeyVerifier } from "../auth/apiKeys.ts";
import { requireApiKey } from "../auth/requireApiKey.ts";
import type { GatewayEnv } from "../context.ts";

export function registerMetricsRoute(app: OpenAPIHono<GatewayEnv>, httpRegistry: Registry, keys: ApiKeyVerifier): void {
  app.get("/metrics", requireApiKey(keys), async (c) => c.body(await renderMetrics([httpRegistry, processMetricsRegistry()]), 200, { "content-type": METRICS_CONTENT_TYPE }));
}
