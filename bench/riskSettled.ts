// When has a recompute settled? Both re-ingest benches (`bench/startUnderLoad.ts` and the
// `reingest` mode of `bench/http`) keep their load running until the risk models were updated
// after the re-ingest and no risk event came for a quiet spell.
import type { Mesh } from "../mesh/mod.ts";

/** How long without a risk event counts as settled after the recompute. */
export const SETTLED_QUIET_MS = 15_000;

export interface RiskEventWatch {
  /** Resolves after a risk-models update that came after `since`, once no risk event came for the quiet spell. */
  settled(since: number, timeoutMs: number): Promise<void>;
  /** Time (ms since the epoch) of the last risk-models update seen, 0 before the first. */
  lastModelsAt(): number;
}

export function watchRiskEvents(mesh: Mesh, quietMs = SETTLED_QUIET_MS): RiskEventWatch {
  let lastEventAt = Date.now();
  let lastModelsAt = 0;
  const s = mesh.contract.subjects;
  for (const subject of [s.riskModelsUpdated, s.riskSnapshotUpdated]) {
    mesh.nc.subscribe(subject, {
      callback: () => {
        lastEventAt = Date.now();
        if (subject === s.riskModelsUpdated) lastModelsAt = Date.now();
      },
    });
  }
  return {
    async settled(since, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!(lastModelsAt > since && Date.now() - lastEventAt >= quietMs)) {
        if (Date.now() > deadline) throw new Error(`risk models not recomputed within ${timeoutMs} ms`);
        await Bun.sleep(250);
      }
    },
    lastModelsAt: () => lastModelsAt,
  };
}
