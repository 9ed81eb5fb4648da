import type { Snapshot } from "./snapshotTypes.ts";
import { type Clusters, isoOfDay } from "../../domain/mod.ts";

const NOT_YET = "none: the risk models are being computed (they follow each snapshot rebuild)";

export function clusterOf(snapshot: Snapshot, regionId: number): { id: number; label: string } | null {
  const a = snapshot.models?.assignment;
  const id = a?.byRegion.get(regionId);
  if (a === undefined || id === undefined) return null;
  return { id, label: a.clusters[id].label };
}

export function listClusters(snapshot: Snapshot | null): Clusters {
  const empty = { run: "historical" as const, runIds: [], clusters: [], members: { regionIds: [], clusterIds: [] } };
  if (!snapshot) return { ...empty, method: "none: no data loaded yet", asOf: null };
  const models = snapshot.models;
  if (!models) return { ...empty, method: NOT_YET, asOf: null };
  const a = models.assignment;
  const list = snapshot.memo.once("clusterList", () => ({
    run: "historical" as const,
    method: a.method,
    asOf: models.lastDay >= 0 ? isoOfDay(models.lastDay) : null,
    clusters: a.clusters,
    members: { regionIds: [...a.byRegion.keys()], clusterIds: [...a.byRegion.values()] },
  }));
  // Run ids are known once the recompute is stored, after this snapshot went live.
  return { ...list, runIds: models.storedRunIds ?? [] };
}
