// The statements that write a region-day batch: a plain INSERT for rows known to be new, and a
// revision-aware INSERT … ON CONFLICT for rows that may exist. Both read the batch from a row
// source: the session's staging table (after COPY) or unnest() over array literals.
import { sql, type SQL } from "drizzle-orm";
import { float64ArrayLiteral, int32ArrayLiteral } from "./arrayLiteral.ts";
import type { RegionDayBatch, RegionDayPart, RegionDayTableName } from "./regionDayTables.ts";
import { firstRow, resultRows, type Executor } from "./rows.ts";

/** What an upsert reports: counts only, or each written row (to merge the parts of a batch). */
export type UpsertResult =
  | { kind: "counts"; written: number; inserted: number }
  | { kind: "rows"; regionId: number[]; day: number[]; inserted: boolean[] };

/** Rows (region_id, day, …batch.columns) of the batch as unnest() over one array literal per column. */
export function literalRows(batch: RegionDayBatch): SQL {
  const cols = sql.raw(batch.columns.map((c) => `t.${c}`).join(", "));
  const names = sql.raw(batch.columns.join(", "));
  const arrays = sql.join(
    batch.values.map((v) => sql`${float64ArrayLiteral(v)}::text::float8[]`),
    sql`, `,
  );
  return sql`(select t.region_id, date '1970-01-01' + t.d as day, ${cols}
    from unnest(${int32ArrayLiteral(batch.regionId)}::text::int4[], ${int32ArrayLiteral(batch.day)}::text::int4[], ${arrays})
      as t(region_id, d, ${names}))`;
}

function insertHead(source: string, table: RegionDayTableName, part: RegionDayPart, rows: SQL): SQL {
  const fixedCol = part.fixedKey ? sql.raw(`${part.fixedKey.column}, `) : sql``;
  const fixedVal = part.fixedKey ? sql`${part.fixedKey.value}::text, ` : sql``;
  const targets = sql.raw(part.targetColumns.join(", "));
  const staged = sql.raw(part.stagedColumns.map((c) => `s.${c}`).join(", "));
  return sql`insert into ${sql.raw(table)} as o (source, ${fixedCol}region_id, day, ${targets})
    select ${source}::text, ${fixedVal}s.region_id, s.day, ${staged} from ${rows} s`;
}

/** Rows known to be new: no conflict handling (a concurrent writer's row makes it fail with 23505). */
export async function insertPart(db: Executor, source: string, table: RegionDayTableName, part: RegionDayPart, rows: SQL): Promise<void> {
  await db.execute(insertHead(source, table, part, rows));
}

/**
 * Only present value columns are inserted and updated, so a cases-only batch leaves deaths
 * alone. A NULL (NaN) never overwrites a stored value: "unknown today" is not a revision. Rows
 * whose values would not change are filtered by the DO UPDATE … WHERE, so they are not written
 * at all and keep their revision.
 */
export async function upsertPart(
  db: Executor,
  source: string,
  table: RegionDayTableName,
  part: RegionDayPart,
  rows: SQL,
  returnRows: boolean,
): Promise<UpsertResult> {
  const cols = part.targetColumns;
  const list = (f: (c: string) => string) => sql.raw(cols.map(f).join(", "));
  const keyCols = sql.raw(["source", ...(part.fixedKey ? [part.fixedKey.column] : []), "region_id", "day"].join(", "));
  const upsert = sql`${insertHead(source, table, part, rows)}
      on conflict (${keyCols}) do update set
        ${list((c) => `${c} = coalesce(excluded.${c}, o.${c})`)},
        revision = o.revision + 1,
        updated_at = now()
      where row(${list((c) => `o.${c}`)}) is distinct from row(${list((c) => `coalesce(excluded.${c}, o.${c})`)})`;
  if (returnRows) {
    const out = resultRows(
      await db.execute(sql`${upsert} returning o.region_id, (o.day - date '1970-01-01') as d, (o.xmax = 0) as inserted`),
    );
    return {
      kind: "rows",
      regionId: out.map((r) => Number(r.region_id)),
      day: out.map((r) => Number(r.d)),
      inserted: out.map((r) => r.inserted === true),
    };
  }
  const row = firstRow(
    await db.execute(sql`
      with up as (${upsert} returning (o.xmax = 0) as inserted)
      select count(*)::int as written, (count(*) filter (where inserted))::int as inserted from up`),
  );
  return { kind: "counts", written: Number(row.written), inserted: Number(row.inserted) };
}

/**
 * True when any stored row of this source (and fixed key) falls in the batch's region × day box.
 * An empty box means every row is new: the common case of a first load or of new days.
 */
export async function anyStoredInBox(db: Executor, source: string, batch: RegionDayBatch, part: RegionDayPart): Promise<boolean> {
  let minR = Infinity, maxR = -Infinity, minD = Infinity, maxD = -Infinity;
  const { regionId, day } = batch;
  for (let i = 0; i < regionId.length; i++) {
    const r = regionId[i];
    const d = day[i];
    if (r < minR) minR = r;
    if (r > maxR) maxR = r;
    if (d < minD) minD = d;
    if (d > maxD) maxD = d;
  }
  const fixed = part.fixedKey ? sql`and ${sql.raw(part.fixedKey.column)} = ${part.fixedKey.value}` : sql``;
  const rows = resultRows(
    await db.execute(sql`
      select 1 as hit from ${sql.raw(batch.table)}
      where source = ${source} ${fixed}
        and region_id between ${minR}::int4 and ${maxR}::int4
        and day between date '1970-01-01' + ${minD}::int4 and date '1970-01-01' + ${maxD}::int4
      limit 1`),
  );
  return rows.length > 0;
}
