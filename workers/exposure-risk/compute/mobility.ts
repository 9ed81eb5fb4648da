// Each region's latest mobility change from the social-activity datasets: the mean of Google's
// retail & recreation, grocery & pharmacy, transit and workplaces changes (percent from the
// Jan–Feb 2020 baseline). Parks (weather-driven) and residential (moves the other way) are left
// out. The latest day where at least one of them is known counts; older than 14 days → none.
import type { MobilitySeries } from "../../../sql/mod.ts";

const STALE_DAYS = 14;
const CATEGORIES = ["retailAndRecreation", "groceryAndPharmacy", "transitStations", "workplaces"] as const;

/** Mean of the known categories at row i, NaN when none is known. */
export function mobilityChangeAt(m: MobilitySeries, i: number): number {
  let sum = 0;
  let count = 0;
  for (const c of CATEGORIES) {
    const v = m[c][i];
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

export type LatestMobility = Map<number, { day: number; change: number }>;

/** regionId → its latest known mobility change; a source listed first wins a region two cover. */
export function latestMobility(sources: MobilitySeries[]): LatestMobility {
  const out: LatestMobility = new Map();
  for (const m of sources) {
    // Rows are sorted by (regionId, day): walking backwards, a region's first known value is its latest.
    for (let i = m.regionId.length - 1; i >= 0; i--) {
      const id = m.regionId[i];
      if (out.has(id)) continue;
      const change = mobilityChangeAt(m, i);
      if (Number.isFinite(change)) out.set(id, { day: m.day[i], change });
    }
  }
  return out;
}

/** The change to use for a region whose figures are as of `day`: none if the mobility is stale. */
export function mobilityFor(latest: LatestMobility, regionId: number, day: number): number | null {
  const m = latest.get(regionId);
  return m !== undefined && Math.abs(day - m.day) <= STALE_DAYS ? m.change : null;
}
