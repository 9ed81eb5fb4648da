// The series reads (series.ts, mobilitySeries.ts) run in parts of the region registry, not as
// one query: the parsed rows of one query (each region's days and values as JS arrays) are
// several times the size of the typed columns they become. For the JHU US pair, one query held
// about 320 MiB of parsed rows at once in PGlite's thread (the storage child's RSS went from 544
// to 863 MiB while it ran); in parts, each part's rows are freed before the next is read.
import { sql, type SQL } from "drizzle-orm";
import { resultRows, type Executor } from "./rows.ts";
import { type SeriesDecoder, seriesDecoders } from "./seriesDecode.ts";

/** Runs a series query and decodes its rows where the driver runs it (PGlite's worker thread). */
export type DecodeWhereRun = (query: SQL, decoder: SeriesDecoder) => Promise<unknown>;

type Decoded<D extends SeriesDecoder> = ReturnType<(typeof seriesDecoders)[D]>;

/**
 * Runs `query` once per part of the registry, one after the other (`inPart` is the part's
 * `region_id` condition), decodes each part's rows with `decoder` (where the driver runs the
 * query, given `decodeWhereRun`) and joins the parts' columns.
 */
export async function readSeriesInParts<D extends SeriesDecoder>(db: Executor, query: (inPart: SQL) => SQL, decoder: D, decodeWhereRun?: DecodeWhereRun): Promise<Decoded<D>> {
  const decode = seriesDecoders[decoder] as (rows: Record<string, unknown>[]) => Decoded<D>;
  const parts: Decoded<D>[] = [];
  for (const part of await regionParts(db)) {
    const q = query(partFilter(part));
    parts.push(decodeWhereRun ? ((await decodeWhereRun(q, decoder)) as Decoded<D>) : decode(resultRows(await db.execute(q))));
  }
  return concatColumns(parts, decode([]));
}

/** Regions per part: the JHU US counties (3,340) and their states read in about 8 parts. */
const REGIONS_PER_PART = 500;

/** A part of the int4 region id space: lo ≤ region_id < hi (≤ for the last part). */
interface RegionPart {
  lo: number;
  hi: number;
}

const INT4_MIN = -2_147_483_648;
const INT4_MAX = 2_147_483_647;

/**
 * Parts that together cover every int4 region id (observations may name regions the registry
 * does not hold yet: no foreign key), cut at every REGIONS_PER_PART-th registered id.
 */
async function regionParts(db: Executor): Promise<RegionPart[]> {
  const cuts = resultRows(
    await db.execute(sql`
      select id from (select id, row_number() over (order by id) as n from regions) r
      where n > 1 and n % ${REGIONS_PER_PART}::int4 = 1 order by id`),
  ).map((r) => Number(r.id));
  const edges = [INT4_MIN, ...cuts];
  // The last part has no upper bound (partFilter), so INT4_MAX itself is in it.
  return edges.map((lo, i) => ({ lo, hi: i + 1 < edges.length ? edges[i + 1] : INT4_MAX }));
}

/** The `region_id` condition of a part. */
function partFilter(part: RegionPart): SQL {
  return part.hi === INT4_MAX ? sql`region_id >= ${part.lo}::int4` : sql`region_id >= ${part.lo}::int4 and region_id < ${part.hi}::int4`;
}

type Columns = Record<string, Int32Array | Float64Array>;

/** Joins the parts' columns (each sorted by region, parts in region order; every field a typed array) into one set. */
export function concatColumns<T extends object>(all: T[], empty: T): T {
  const template = empty as Columns;
  const keys = Object.keys(template);
  const parts = (all as Columns[]).filter((p) => p[keys[0]].length > 0);
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0] as T;
  const out: Columns = {};
  for (const key of keys) {
    const joined = new (template[key].constructor as Int32ArrayConstructor | Float64ArrayConstructor)(parts.reduce((n, p) => n + p[key].length, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p[key], at);
      at += p[key].length;
    }
    out[key] = joined;
  }
  return out as T;
}
