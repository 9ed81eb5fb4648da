// The series reads (series.ts, mobilitySeries.ts) run in parts of the region registry, not as
// one query: the parsed rows of one query (each region's days and values as JS arrays) are
// several times the size of the typed columns they become. For the JHU US pair, one query held
// about 320 MiB of parsed rows at once in PGlite's thread (the storage child's RSS went from 544
// to 863 MiB while it ran); in parts, each part's rows are freed before the next is read.
import { sql, type SQL } from "drizzle-orm";
import { resultRows, type Executor } from "./rows.ts";

/** Regions per part: the JHU US counties (3,340) and their states read in about 8 parts. */
export const REGIONS_PER_PART = 500;

/** A part of the int4 region id space: lo ≤ region_id < hi (≤ for the last part). */
export interface RegionPart {
  lo: number;
  hi: number;
}

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;

/**
 * Parts that together cover every int4 region id (observations may name regions the registry
 * does not hold yet: no foreign key), cut at every REGIONS_PER_PART-th registered id.
 */
export async function regionParts(db: Executor, perPart = REGIONS_PER_PART): Promise<RegionPart[]> {
  const cuts = resultRows(
    await db.execute(sql`
      select id from (select id, row_number() over (order by id) as n from regions) r
      where n > 1 and n % ${perPart}::int4 = 1 order by id`),
  ).map((r) => Number(r.id));
  const edges = [INT4_MIN, ...cuts];
  // hi is exclusive, so the last part's INT4_MAX itself is taken in by `<=` in partFilter.
  return edges.map((lo, i) => ({ lo, hi: i + 1 < edges.length ? edges[i + 1] : INT4_MAX }));
}

/** The `region_id` condition of a part. */
export function partFilter(part: RegionPart): SQL {
  return part.hi === INT4_MAX ? sql`region_id >= ${part.lo}::int4` : sql`region_id >= ${part.lo}::int4 and region_id < ${part.hi}::int4`;
}

type Columns<T> = { [K in keyof T]: Int32Array | Float64Array };

/** Joins the parts' columns (each sorted by region, parts in region order) into one set. */
export function concatColumns<T extends Columns<T>>(all: T[], empty: T): T {
  const first = Object.keys(empty)[0] as keyof T;
  const parts = all.filter((p) => p[first].length > 0);
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0];
  const out = {} as Columns<T>;
  for (const key of Object.keys(empty) as Array<keyof T>) {
    const total = parts.reduce((n, p) => n + p[key].length, 0);
    const joined = new (empty[key].constructor as Int32ArrayConstructor | Float64ArrayConstructor)(total);
    let at = 0;
    for (const p of parts) {
      joined.set(p[key], at);
      at += p[key].length;
    }
    out[key] = joined;
  }
  return out as T;
}
