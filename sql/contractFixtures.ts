// Deterministic test data for the storage contract suite.
import type { ObservationColumns, RegionRecord } from "./types.ts";

export const DAY0 = 18_300; // 2020-02-08

/** Unique per run so suites never depend on (or collide with) leftover rows. */
export function uid(label: string): string {
  return `${label}-${crypto.randomUUID().slice(0, 8)}`;
}

/** regions × days grid with deterministic values: cumCases = 100·r + d, cumDeaths = r + d / 10. */
export function grid(regionIds: number[], days: number): Required<ObservationColumns> {
  const n = regionIds.length * days;
  const cols = {
    regionId: new Int32Array(n),
    day: new Int32Array(n),
    cumCases: new Float64Array(n),
    newCases: new Float64Array(n),
    cumDeaths: new Float64Array(n),
    newDeaths: new Float64Array(n),
  };
  let i = 0;
  for (const r of regionIds) {
    for (let d = 0; d < days; d++, i++) {
      cols.regionId[i] = r;
      cols.day[i] = DAY0 + d;
      cols.cumCases[i] = 100 * r + d;
      cols.newCases[i] = 1;
      cols.cumDeaths[i] = r + d / 10;
      cols.newDeaths[i] = 0.1;
    }
  }
  return cols;
}

export function region(id: number, over: Partial<RegionRecord> = {}): RegionRecord {
  return {
    id,
    name: `Region ${id}`,
    level: "county",
    parentId: 84000001,
    fips: String(id).padStart(5, "0"),
    iso2: "US",
    iso3: "USA",
    lat: 32.5,
    lon: -86.6,
    population: 55_869,
    ...over,
  };
}
