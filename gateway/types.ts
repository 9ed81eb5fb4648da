import type { RiskAnswer, RiskQuery } from "../mesh/messages.ts";

/**
 * Everything the gateway needs from the mesh, as one narrow port. The gateway never calls a
 * worker or the database: each method is one mesh request.
 */
export interface MeshPort {
  risk(query: RiskQuery, ctx: RequestContext): Promise<RiskAnswer>;
  /** Round trip to the storage pool (it answers after `select 1`). */
  storageHealth(ctx: RequestContext): Promise<{ ok: boolean; driver: string; ms: number }>;
  /** Does the NATS server answer a round trip within the time? */
  natsConnected(timeoutMs: number): Promise<boolean>;
}

export interface RequestContext {
  correlationId: string;
  /** Milliseconds the mesh may take before the gateway answers 503. */
  timeoutMs: number;
}

export interface GatewayOptions {
  mesh: MeshPort;
  requestTimeoutMs: number;
  /** Version string reported by /healthz. */
  version?: string;
}
