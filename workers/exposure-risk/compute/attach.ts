// A snapshot with a recompute's results in it: the models themselves (precomputed forecasts),
// and its cluster runs as the snapshot's clusters. A new memo, since memoized answers (cluster
// lists, forecasts) may differ under the new models.
import { createSnapshotMemo } from "../memo.ts";
import type { Snapshot } from "../snapshot.ts";
import type { RiskModels } from "./types.ts";

export function attachRiskModels(snapshot: Snapshot, models: RiskModels): Snapshot {
  return {
    ...snapshot,
    models,
    // No run (too few regions of every level): keep whatever clusters the snapshot had.
    clusters: models.clusterRuns.length > 0 ? models.assignment : snapshot.clusters,
    memo: createSnapshotMemo(),
  };
}
