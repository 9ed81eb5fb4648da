// covid.region-directory.get: one region, its parents and the days its data covers.
import { ServiceError } from "../../../domain/mod.ts";
import { isoOfDay, type RegionDetail } from "../../../domain/mod.ts";
import { displayName, parentsOf, regionSummary } from "../regionSummary.ts";
import { lastDayOf, type Snapshot } from "../snapshotTypes.ts";

export function getRegion(snapshot: Snapshot | null, id: number): RegionDetail {
  const r = snapshot?.regions.get(id);
  if (!snapshot || !r) throw new ServiceError("unknown_region", `no region with id ${id}`);
  const s = snapshot.series.get(id);
  return {
    ...regionSummary(r),
    displayName: displayName(snapshot, r),
    parents: parentsOf(snapshot, r).map(regionSummary),
    dataset: s?.dataset ?? null,
    firstDate: s ? isoOfDay(s.firstDay) : null,
    lastDate: s ? isoOfDay(lastDayOf(s)) : null,
  };
}

/** The region's series, or a 404 that says whether the region or its data is missing. */
export function seriesOf(snapshot: Snapshot | null, id: number) {
  const r = snapshot?.regions.get(id);
  if (!snapshot || !r) throw new ServiceError("unknown_region", `no region with id ${id}`);
  const s = snapshot.series.get(id);
  if (!s) throw new ServiceError("no_data", `no loaded dataset has data for ${r.name} (${id})`);
  return s;
}
