// What every route handler gets: per-request variables (set by app.ts middleware) and the
// app-wide dependencies passed to each route's register function.
import type { Context } from "hono";
import type { AnswerCache } from "./cache/cachedJson.ts";
import type { RiskCache } from "./risk/riskCache.ts";
import type { MeshPort, RequestContext } from "./types.ts";

export interface GatewayEnv {
  Variables: { mesh: MeshPort; correlationId: string; requestTimeoutMs: number };
}

export interface RouteDeps {
  answers: AnswerCache;
  /** /v1/risk's frames, keyed by located region. */
  risk: RiskCache;
}

/** The mesh request context of this HTTP request: its correlation id and deadline. */
export function meshContext(c: Context<GatewayEnv>): RequestContext {
  return { correlationId: c.var.correlationId, timeoutMs: c.var.requestTimeoutMs };
}
