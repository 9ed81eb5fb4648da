import { describe, expect, test } from "bun:test";
import type { RegionRecord } from "../../domain/mod.ts";
import { SAMPLE_LOOKUP, runAdapter } from "../../pipelines/testSupport.ts";
import { ModelInputError } from "../errors.ts";
import { haversineKm } from "./haversine.ts";
import { createRegionLocator } from "./regionLocator.ts";

// The bundled lookup table (the same file as the datasets' jhu_csse copy): runs without them.
const { regions } = await runAdapter("jhu-lookup", { file: SAMPLE_LOOKUP });
const byId = new Map(regions.map((r) => [r.id, r]));
const locator = createRegionLocator(regions);

function bruteNearest(list: RegionRecord[], lat: number, lon: number): RegionRecord {
  let best = list[0];
  let bestKm = Infinity;
  for (const r of list) {
    if (r.lat === null || r.lon === null) continue;
    const km = haversineKm(lat, lon, r.lat, r.lon);
    if (km < bestKm) [best, bestKm] = [r, km];
  }
  return best;
}

describe("createRegionLocator on the JHU lookup regions", () => {
  test("lower Manhattan is New York County by boundary, though Hudson County's centroid is nearer", () => {
    const hit = locator.locate(40.7128, -74.006)!;
    expect(hit.region.id).toBe(84036061);
    expect(hit.match).toBe("contains");
    const ny = byId.get(84036061)!;
    expect(hit.distanceKm).toBeCloseTo(haversineKm(40.7128, -74.006, ny.lat!, ny.lon!), 9);
    const counties = regions.filter((r) => r.level === "county");
    expect(bruteNearest(counties, 40.7128, -74.006).id).toBe(84034017); // Hudson, NJ
  });

  test("a point in Brooklyn is Kings County", () => {
    expect(locator.locate(40.6782, -73.9442)).toMatchObject({ region: { id: 84036047, name: "Kings" }, match: "contains" });
  });

  test("mid-ocean falls back to the nearest centroid", () => {
    const hit = locator.locate(30, -40)!;
    expect(hit.match).toBe("nearest");
    const expected = bruteNearest(regions, 30, -40);
    expect(hit.region.id).toBe(expected.id);
    expect(hit.distanceKm).toBeCloseTo(haversineKm(30, -40, expected.lat!, expected.lon!), 9);
  });

  test("with only countries, a point in France is France (250)", () => {
    const countries = createRegionLocator(regions.filter((r) => r.level === "country"));
    expect(countries.locate(48.8566, 2.3522)).toMatchObject({ region: { id: 250, level: "country" }, match: "contains" });
    expect(countries.locate(39, -98)).toMatchObject({ region: { id: 840 }, match: "contains" }); // Kansas
  });

  test("a missing county falls back to its state, then to the country", () => {
    const noCounty = createRegionLocator(regions.filter((r) => r.id !== 84036061));
    expect(noCounty.locate(40.7128, -74.006)!.region.id).toBe(84000036);
    const noUsSubdivisions = createRegionLocator(regions.filter((r) => !(r.level !== "country" && r.iso3 === "USA")));
    // (At world-atlas' 1:50m scale the tip of Manhattan is harbour, so this uses Albany.)
    expect(noUsSubdivisions.locate(42.65, -73.76)).toMatchObject({ region: { id: 840 }, match: "contains" });
  });

  test("territories and polygons across the antimeridian", () => {
    expect(locator.locate(18.4, -66.06)!.region.id).toBe(63072127); // San Juan, PR
    expect(locator.locate(52.85, 173.2)!.region.id).toBe(84002016); // Attu: Aleutians West, AK
    expect(locator.locate(66, -173)).toMatchObject({ region: { id: 643 }, match: "contains" }); // Chukotka, east of 180°
    expect(locator.locate(67, 172)).toMatchObject({ region: { id: 643 }, match: "contains" });
    expect(locator.locate(-16.8, -179.95)).toMatchObject({ region: { id: 242 }, match: "contains" }); // Fiji
    expect(locator.locate(-80, 0)).toMatchObject({ region: { id: 10 }, match: "contains" }); // Antarctica
  });

  test("a region without coordinates gets its distance from the boundary's centroid", () => {
    const france = { ...byId.get(250)!, lat: null, lon: null };
    const hit = createRegionLocator([france]).locate(48.8566, 2.3522)!;
    expect(hit.region).toBe(france);
    expect(hit.match).toBe("contains");
    expect(hit.distanceKm).toBeGreaterThan(0);
    expect(hit.distanceKm).toBeLessThan(1000);
  });

  test("no usable region gives null; bad coordinates are named errors", () => {
    expect(createRegionLocator([]).locate(10, 10)).toBeNull();
    expect(() => locator.locate(91, 0)).toThrow(ModelInputError);
    expect(() => locator.locate(0, Number.NaN)).toThrow(ModelInputError);
  });
});

describe("locateAll and nearest(accept)", () => {
  test("a point in Kansas lies in a county, its state and the US, most local first", () => {
    const all = locator.locateAll(39, -98);
    expect(all.map((h) => h.region.level)).toEqual(["county", "state", "country"]);
    expect(all.map((h) => h.match)).toEqual(["contains", "contains", "contains"]);
    expect(all[0].region.fips!.slice(0, 2)).toBe("20");
    expect(all[1].region.id).toBe(84000020);
    expect(all[2].region.id).toBe(840);
    expect(all[0].region.id).toBe(locator.locate(39, -98)!.region.id);
  });

  test("mid-ocean nothing contains the point", () => {
    expect(locator.locateAll(30, -40)).toEqual([]);
  });

  test("nearest honours a filter, and is null when nothing passes it", () => {
    const countries = regions.filter((r) => r.level === "country");
    const hit = locator.nearest(30, -40, (r) => r.level === "country")!;
    expect(hit.region.id).toBe(bruteNearest(countries, 30, -40).id);
    expect(locator.nearest(30, -40, () => false)).toBeNull();
  });
});
