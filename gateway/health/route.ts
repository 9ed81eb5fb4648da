import type { OpenAPIHono } from "@hono/zod-openapi";
import type { GatewayEnv } from "../context.ts";

/** Liveness says the process serves HTTP; readiness says NATS and the database (via the mesh) answer. */
export function registerHealthRoutes(app: OpenAPIHono<GatewayEnv>, version: string): void {
  app.get("/healthz", (c) => c.json({ status: "ok", version }));

  app.get("/readyz", async (c) => {
    const nats = await c.var.mesh.natsConnected(Math.min(1000, c.var.requestTimeoutMs));
    let database: { ok: boolean; driver?: string; ms?: number; error?: string } = { ok: false };
    if (nats) {
      try {
        database = await c.var.mesh.storageHealth({ correlationId: c.var.correlationId, timeoutMs: c.var.requestTimeoutMs });
      } catch (err) {
        database = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }
    const ready = nats && database.ok;
    const body = { status: ready ? "ready" : "not ready", checks: { nats: { ok: nats }, database } };
    if (!ready) c.header("Retry-After", "2");
    return c.json(body, ready ? 200 : 503);
  });
}
