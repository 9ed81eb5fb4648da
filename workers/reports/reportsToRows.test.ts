import { describe, expect, test } from "bun:test";
import type { RegionRecord } from "../../sql/mod.ts";
import { createRegionResolver } from "./regionResolver.ts";
import { reportsToRows } from "./reportsToRows.ts";
import { dayOfIso } from "../../domain/mod.ts";

const region = (id: number, level: RegionRecord["level"], iso3: string | null, fips: string | null = null): RegionRecord => ({
  id,
  name: `r${id}`,
  level,
  parentId: null,
  fips,
  iso2: null,
  iso3,
  lat: null,
  lon: null,
  population: null,
});
const registry = [region(840, "country", "USA"), region(276, "country", "DEU"), region(84000036, "state", "USA", "36"), region(84036061, "county", "USA", "36061")];
const resolver = createRegionResolver(registry);

describe("region codes of reports", () => {
  test("UID, county FIPS, state FIPS and ISO3 resolve through the registry", () => {
    expect(resolver.resolve({ regionId: 84036061 })).toBe(84036061);
    expect(resolver.resolve({ fips: "36061" })).toBe(84036061);
    expect(resolver.resolve({ fips: "36" })).toBe(84000036);
    expect(resolver.resolve({ iso3: "DEU" })).toBe(276);
  });
  test("codes the registry does not have resolve to null", () => {
    expect(resolver.resolve({ regionId: 1 })).toBeNull();
    expect(resolver.resolve({ fips: "06037" })).toBeNull();
    expect(resolver.resolve({ iso3: "FRA" })).toBeNull();
  });
});

describe("reports → rows", () => {
  test("good entries become typed-array columns (absent figures NaN); bad ones are rejected with line, raw and reason", () => {
    const reports = [
      { fips: "36061", date: "2021-01-01", cumulativeCases: 400_000, newCases: 2_000 },
      { iso3: "FRA", date: "2021-01-01", newCases: 1 },
      { iso3: "DEU", date: "2021-01-02", cumulativeDeaths: 30_000 },
      { regionId: 84036061, date: "2021-01-01", newCases: 5 },
    ];
    const { columns, rejected } = reportsToRows(reports, resolver);
    expect([...columns.regionId]).toEqual([84036061, 276]);
    expect([...columns.day]).toEqual([dayOfIso("2021-01-01"), dayOfIso("2021-01-02")]);
    expect(columns.cumCases![0]).toBe(400_000);
    expect(columns.newCases![0]).toBe(2_000);
    expect(Number.isNaN(columns.cumDeaths![0])).toBe(true);
    expect(columns.cumDeaths![1]).toBe(30_000);
    expect(Number.isNaN(columns.cumCases![1])).toBe(true);
    expect(rejected).toEqual([
      { line: 2, raw: JSON.stringify(reports[1]), reason: expect.stringContaining("unknown region") },
      { line: 4, raw: JSON.stringify(reports[3]), reason: expect.stringContaining("duplicate region-day") },
    ]);
  });
});

describe("bounded reports", () => {
  test("dates outside the window and figures beyond ±1e10 are rejected entry by entry", () => {
    const now = Date.parse("2026-12-05T12:00:00Z");
    const reports = [
      { fips: "36061", date: "2021-01-01", newCases: 2 },
      { fips: "36061", date: "0001-01-01", newCases: 1 },
      { fips: "36061", date: "2026-12-07", newCases: 1 },
      { fips: "36061", date: "2021-01-02", newCases: Number.POSITIVE_INFINITY },
      { fips: "36061", date: "2021-01-03", cumulativeCases: 2e10 },
      { fips: "36061", date: "2026-12-06", newCases: 3 },
    ];
    const { columns, rejected } = reportsToRows(reports, resolver, now);
    expect([...columns.day]).toEqual([dayOfIso("2021-01-01"), dayOfIso("2026-12-06")]);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, "bad date: date 0001-01-01 is outside the date window 2019-12-01 … 2026-12-06"],
      [3, "bad date: date 2026-12-07 is outside the date window 2019-12-01 … 2026-12-06"],
      [4, "out-of-range value Infinity for newCases: not a finite number within ±10000000000"],
      [5, "out-of-range value 20000000000 for cumulativeCases: not a finite number within ±10000000000"],
    ]);
  });
});
