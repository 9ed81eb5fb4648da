// GET /metrics: this app's HTTP metrics plus the process registry (mesh telemetry of every
// service in the process, default process metrics). In `npm start` that is the whole system.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Registry } from "prom-client";
import { METRICS_CONTENT_TYPE, processMetricsRegistry, renderMetrics } from "../../mesh/mod.ts";
import type { GatewayEnv } from "../context.ts";

export function registerMetricsRoute(app: OpenAPIHono<GatewayEnv>, httpRegistry: Registry): void {
  app.get("/metrics", async (c) =>
    c.body(await renderMetrics([httpRegistry, processMetricsRegistry()]), 200, { "content-type": METRICS_CONTENT_TYPE }),
  );
}
