// Region codes of pushed reports → region ids of the registry: a JHU UID as is, a US FIPS
// code by the UID rule (840·10^5 + FIPS for counties and states), an ISO3 code through the
// registry's countries. A code no registry region has resolves to null (then quarantined).
import { type CaseReport, usCountyUidFromFips, usStateUidFromFips } from "../../domain/mod.ts";
import type { RegionRecord } from "../../sql/mod.ts";

export interface RegionResolver {
  readonly size: number;
  resolve(report: Pick<CaseReport, "regionId" | "fips" | "iso3">): number | null;
}

export function createRegionResolver(regions: readonly RegionRecord[]): RegionResolver {
  const ids = new Set<number>();
  const byIso3 = new Map<string, number>();
  for (const r of regions) {
    ids.add(r.id);
    if (r.level === "country" && r.iso3) byIso3.set(r.iso3, r.id);
  }
  const known = (id: number | null) => (id !== null && ids.has(id) ? id : null);
  return {
    size: ids.size,
    resolve(report) {
      if (report.regionId !== undefined) return known(report.regionId);
      if (report.fips !== undefined) {
        const n = Number(report.fips);
        return known(report.fips.length === 2 ? usStateUidFromFips(n) : usCountyUidFromFips(n));
      }
      if (report.iso3 !== undefined) return byIso3.get(report.iso3) ?? null;
      return null;
    },
  };
}
