// covid.clusters.list with run=current: the clusters over the current CDC indicators.
import { type Clusters, isoOfDay } from "../../../domain/mod.ts";
import type { StoredCurrentClusters } from "./currentState.ts";

export function listCurrentClusters(c: StoredCurrentClusters | null): Clusters {
  if (!c) {
    return {
      run: "current",
      runIds: [],
      method: "none: fewer than 20 counties have NSSP ED visits in the newest week, or the weekly data is not loaded",
      asOf: null,
      clusters: [],
      members: { regionIds: [], clusterIds: [] },
    };
  }
  return {
    run: "current",
    runIds: c.storedId === null ? [] : [c.storedId],
    method: c.assignment.method,
    asOf: isoOfDay(c.run.asOfDay),
    clusters: c.assignment.clusters,
    members: { regionIds: Array.from(c.run.regionId), clusterIds: Array.from(c.run.cluster) },
  };
}
