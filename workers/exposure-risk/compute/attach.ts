// A snapshot with a recompute's results in it: figures, covid-mesh forecasts and cluster runs.
// A new memo, since memoized answers (cluster lists, forecasts) may differ under the new models.
import { createSnapshotMemo } from "../memo.ts";
import type { RiskModels, Snapshot } from "../snapshotTypes.ts";

export function attachRiskModels(snapshot: Snapshot, models: RiskModels): Snapshot {
  return { ...snapshot, models, memo: createSnapshotMemo() };
}
