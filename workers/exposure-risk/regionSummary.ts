// A region as answers show it: its public fields, its parents (state, country) and a display
// name with them ("Kings, New York, US"). Parents come from parentId, else from the US FIPS
// code (state = first two digits), else from the ISO3 code's country.
import type { RegionSummary } from "../../domain/mod.ts";
import type { RegionRecord } from "../../sql/mod.ts";
import type { Snapshot } from "./snapshotTypes.ts";

export function regionSummary(r: RegionRecord): RegionSummary {
  return { id: r.id, name: r.name, level: r.level, fips: r.fips, iso3: r.iso3, population: r.population, lat: r.lat, lon: r.lon };
}

/** Country region by ISO3, built once per snapshot. */
function countriesByIso3(snapshot: Snapshot): Map<string, RegionRecord> {
  return snapshot.memo.once("countriesByIso3", () => {
    const out = new Map<string, RegionRecord>();
    for (const r of snapshot.regions.values()) if (r.level === "country" && r.iso3) out.set(r.iso3, r);
    return out;
  });
}

/** State, then country, of a region (most local first); empty for a country. */
export function parentsOf(snapshot: Snapshot, r: RegionRecord): RegionRecord[] {
  const out: RegionRecord[] = [];
  if (r.level === "county") {
    const byParent = r.parentId !== null ? snapshot.regions.get(r.parentId) : undefined;
    const byFips = r.fips && r.fips.length === 5 ? snapshot.regions.get(84_000_000 + Number(r.fips.slice(0, 2))) : undefined;
    const state = byParent?.level === "state" ? byParent : byFips;
    if (state) out.push(state);
  }
  if (r.level !== "country" && r.iso3) {
    const country = countriesByIso3(snapshot).get(r.iso3);
    if (country && country.id !== r.id) out.push(country);
  }
  return out;
}

export function displayName(snapshot: Snapshot, r: RegionRecord): string {
  return [r.name, ...parentsOf(snapshot, r).map((p) => (p.iso2 && p.level === "country" ? p.iso2 : p.name))].join(", ");
}
