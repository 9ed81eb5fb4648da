// `npm start`'s ready line: printed once, when the readiness /readyz reports holds (a risk query
// would be answered) and the bundled sample, when it was needed, is stored.
import { checkReadiness, type MeshPort } from "../gateway/mod.ts";

/** Houston, as in the README: the bundled JHU 2020 sample and the CDC's 2025 weeks cover it. */
export const EXAMPLE_QUERY = "/v1/risk?lat=29.7604&lon=-95.3698&groupSize=50";

export function readyLine(url: string, host: string): string {
  // A gateway on every interface is reached as localhost from this machine.
  const base = host === "0.0.0.0" || host === "::" ? url.replace(/^http:\/\/[^:/]+/, "http://localhost") : url;
  return `covid-mesh is ready at ${base} — try: curl '${base}${EXAMPLE_QUERY}'`;
}

export interface ReadyWaitOptions {
  /** A further condition (the sample is in). */
  extra?: () => boolean;
  stopped?: () => boolean;
  everyMs?: number;
  /** Called once when still not ready after `hintAfterMs`, with the failing checks. */
  onWaiting?: (why: unknown) => void;
  hintAfterMs?: number;
  timeoutMs?: number;
}

/** Asks the mesh as /readyz does; resolves true once ready, false if stopped first. */
export async function waitUntilReady(mesh: Pick<MeshPort, "natsConnected" | "storageHealth" | "riskStatus">, opts: ReadyWaitOptions = {}): Promise<boolean> {
  const t0 = Date.now();
  let hinted = false;
  while (!opts.stopped?.()) {
    const r = await checkReadiness(mesh, { correlationId: `ready-wait-${Date.now()}`, timeoutMs: opts.timeoutMs ?? 2_000 });
    const extra = opts.extra?.() ?? true;
    if (r.ready && extra) return true;
    if (!hinted && Date.now() - t0 >= (opts.hintAfterMs ?? 60_000)) {
      hinted = true;
      opts.onWaiting?.(r.ready ? "bundled sample still landing" : r.checks);
    }
    await Bun.sleep(opts.everyMs ?? 500);
  }
  return false;
}
