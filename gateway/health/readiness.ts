// Readiness: a risk query would be answered. NATS and the database answer through the mesh,
// and a risk worker holds a snapshot with data (before that, /v1/risk answers 503 "no
// observations are loaded yet"). `npm start` asks the same question before its ready line.
import type { MeshPort, RequestContext } from "../types.ts";

export interface Check {
  ok: boolean;
  error?: string;
}

export interface Readiness {
  ready: boolean;
  checks: {
    nats: Check;
    database: Check & { driver?: string; ms?: number };
    risk: Check & { regions?: number; lastDate?: string | null };
  };
}

const failed = (err: unknown): Check => ({ ok: false, error: err instanceof Error ? err.message : String(err) });

export async function checkReadiness(mesh: Pick<MeshPort, "natsConnected" | "storageHealth" | "riskStatus">, ctx: RequestContext): Promise<Readiness> {
  const nats = await mesh.natsConnected(Math.min(1000, ctx.timeoutMs));
  let database: Readiness["checks"]["database"] = { ok: false };
  let risk: Readiness["checks"]["risk"] = { ok: false };
  if (nats) {
    // Both round trips at once: a probe costs one deadline at most.
    [database, risk] = await Promise.all([
      mesh.storageHealth(ctx).then((h) => h, failed),
      mesh.riskStatus(ctx).then((s) => ({ ok: s.ready, regions: s.regions, lastDate: s.lastDate }), failed),
    ]);
  }
  return { ready: nats && database.ok && risk.ok, checks: { nats: { ok: nats }, database, risk } };
}
