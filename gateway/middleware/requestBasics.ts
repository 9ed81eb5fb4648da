// What every request gets, in one middleware: one layer of Hono's compose (an async function
// and a promise per layer) instead of three. In order: HTTP metrics around everything, the
// correlation id and the access log, and the per-request variables the routes read.
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../mesh/mod.ts";
import type { GatewayEnv } from "../context.ts";
import type { HttpMetrics } from "../metrics/httpMetrics.ts";
import type { MeshPort } from "../types.ts";
import { logRequest, startCorrelation } from "./correlation.ts";

export function requestBasics(opts: { metrics: HttpMetrics; log: Logger; mesh: MeshPort; requestTimeoutMs: number }): MiddlewareHandler<GatewayEnv> {
  const { metrics, log, mesh, requestTimeoutMs } = opts;
  return async (c, next) => {
    const started = performance.now();
    try {
      const id = startCorrelation(c);
      c.set("mesh", mesh);
      c.set("requestTimeoutMs", requestTimeoutMs);
      // A handler's error is already a response here (Hono's compose hands it to onError).
      await next();
      logRequest(log, c, id, started);
    } finally {
      metrics.record(c, started);
    }
  };
}
