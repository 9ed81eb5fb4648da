// Random points inside US counties (contiguous states), uniform by area: the bench's "random US
// point" requests start from these and move each one a little.
import { createBoundaryChainResolver } from "../../models/mod.ts";

/** US county UIDs are 840·10^5 + FIPS; state UIDs 84·10^6 + FIPS (below 84,001,000). */
const isUsCounty = (id: number) => id >= 84_001_000 && id < 84_100_000;

export interface CountyPoints {
  points: Array<[number, number]>;
  /** Distinct counties among them: the cache entries the random mode fills. */
  counties: number;
}

export function randomUsCountyPoints(count: number, seed = 1): CountyPoints {
  const resolver = createBoundaryChainResolver();
  let s = seed >>> 0;
  // mulberry32: a fixed seed gives the same points in every run.
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const points: Array<[number, number]> = [];
  const counties = new Set<number>();
  while (points.length < count) {
    const lat = 24.5 + rand() * 25;
    const lon = -124.8 + rand() * 58;
    const ids = resolver.resolve(lat, lon);
    if (ids.length > 0 && isUsCounty(ids[0])) {
      points.push([lat, lon]);
      counties.add(ids[0]);
    }
  }
  return { points, counties: counties.size };
}
