// The bench's "random US points": start points drawn from the US counties with probability
// proportional to population (JHU lookup in sample/: centroid and population of each county),
// as real traffic is, so most requests share a county with earlier ones; the Lua script then
// moves each request's point a little, so every request is a new coordinate. Only start points
// whose bundled boundary is a county are kept (a centroid can sit outside its county's outline).
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { createBoundaryChainResolver } from "../../models/mod.ts";

/** US county UIDs are 840·10^5 + FIPS (state UIDs 84·10^6 + FIPS are below 84,001,000). */
const isUsCounty = (id: number) => id >= 84_001_000 && id < 84_100_000;

export interface CountyPoints {
  points: Array<[number, number]>;
  /** Distinct counties among them: at most this many cache entries per groupSize. */
  counties: number;
}

export function populationWeightedCountyPoints(count: number, seed = 1): CountyPoints {
  const rows = parse(gunzipSync(readFileSync(join(import.meta.dir, "../../sample/UID_ISO_FIPS_LookUp_Table.csv.gz"))), { columns: true }) as Array<Record<string, string>>;
  const resolver = createBoundaryChainResolver();
  const counties: Array<{ id: number; lat: number; lon: number; pop: number }> = [];
  for (const r of rows) {
    const id = Number(r.UID);
    const [lat, lon, pop] = [Number(r.Lat), Number(r.Long_), Number(r.Population)];
    if (!isUsCounty(id) || !(pop > 0) || !Number.isFinite(lat) || !Number.isFinite(lon) || (lat === 0 && lon === 0)) continue;
    if (resolver.resolve(lat, lon)[0] !== id) continue;
    counties.push({ id, lat, lon, pop });
  }
  const cumulative = new Float64Array(counties.length);
  let sum = 0;
  counties.forEach((c, i) => (cumulative[i] = sum += c.pop));
  const rand = mulberry32(seed);
  const points: Array<[number, number]> = [];
  const used = new Set<number>();
  while (points.length < count) {
    const x = rand() * sum;
    let lo = 0;
    let hi = counties.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    points.push([counties[lo].lat, counties[lo].lon]);
    used.add(counties[lo].id);
  }
  return { points, counties: used.size };
}

/** A fixed seed gives the same points in every run. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
