// covid.region-directory.search: regions by name or code. Exact codes (FIPS, ISO2, ISO3, UID)
// first, then name matches from the most exact to the loosest; among equals, regions with data
// and then larger populations first.
import { isoOfDay, type RegionSearchQuery, type RegionSearchResult } from "../../../domain/mod.ts";
import type { RegionRecord } from "../../../sql/mod.ts";
import { displayName, regionSummary } from "../regionSummary.ts";
import { lastDayOf, type Snapshot } from "../snapshotTypes.ts";

interface Entry {
  region: RegionRecord;
  display: string;
  name: string;
  lowerDisplay: string;
  codes: string[];
  lastDay: number;
}

function searchIndex(snapshot: Snapshot): Entry[] {
  return snapshot.memo.once("searchIndex", () =>
    [...snapshot.regions.values()].map((r) => {
      const display = displayName(snapshot, r);
      const s = snapshot.series.get(r.id);
      // ISO codes name countries only: every US county also carries "US"/"USA".
      const raw = r.level === "country" ? [r.iso2, r.iso3, String(r.id)] : [r.fips, String(r.id)];
      const codes = raw.filter((c): c is string => !!c).map((c) => c.toLowerCase());
      // A county's 5-digit FIPS without its leading zero is a common way to type it.
      if (r.fips?.startsWith("0")) codes.push(r.fips.replace(/^0+/, ""));
      return { region: r, display, name: r.name.toLowerCase(), lowerDisplay: display.toLowerCase(), codes, lastDay: s ? lastDayOf(s) : -1 };
    }),
  );
}

function score(e: Entry, q: string): number {
  if (e.codes.includes(q)) return e.region.level === "country" ? 0 : 1;
  if (e.name === q) return 2;
  if (e.name.startsWith(q)) return 3;
  if (e.lowerDisplay.startsWith(q)) return 4;
  if (e.lowerDisplay.includes(` ${q}`) || e.lowerDisplay.includes(`,${q}`)) return 5;
  if (e.lowerDisplay.includes(q)) return 6;
  return -1;
}

export function searchRegions(snapshot: Snapshot | null, query: RegionSearchQuery): RegionSearchResult {
  if (!snapshot) return { regions: [] };
  const q = query.q.trim().toLowerCase();
  const hits: Array<{ e: Entry; s: number }> = [];
  for (const e of searchIndex(snapshot)) {
    const s = score(e, q);
    if (s >= 0) hits.push({ e, s });
  }
  hits.sort(
    (a, b) => a.s - b.s || Number(b.e.lastDay >= 0) - Number(a.e.lastDay >= 0) || (b.e.region.population ?? 0) - (a.e.region.population ?? 0) || a.e.region.id - b.e.region.id,
  );
  return {
    regions: hits.slice(0, query.limit).map(({ e }) => ({
      ...regionSummary(e.region),
      displayName: e.display,
      lastDate: e.lastDay >= 0 ? isoOfDay(e.lastDay) : null,
    })),
  };
}
