import type { OpenAPIHono } from "@hono/zod-openapi";
import type { GatewayEnv } from "../context.ts";
import { checkReadiness } from "./readiness.ts";

/** Liveness says the process serves HTTP; readiness says a risk query would be answered (readiness.ts). */
export function registerHealthRoutes(app: OpenAPIHono<GatewayEnv>, version: string): void {
  app.get("/healthz", (c) => c.json({ status: "ok", version }));

  app.get("/readyz", async (c) => {
    const { ready, checks } = await checkReadiness(c.var.mesh, { correlationId: c.var.correlationId, timeoutMs: c.var.requestTimeoutMs });
    if (!ready) c.header("Retry-After", "2");
    return c.json({ status: ready ? "ready" : "not ready", checks }, ready ? 200 : 503);
  });
}
