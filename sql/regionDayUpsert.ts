// The statements that write a region-day batch: a plain INSERT for rows known to be new, and a
// revision-aware INSERT … ON CONFLICT for rows that may exist. Both read the batch from a row
// source: the session's staging table (after COPY) or unnest() over array literals.
import { sql, type SQL } from "drizzle-orm";
import { float64ArrayLiteral, int32ArrayLiteral } from "./arrayLiteral.ts";
import type { FixedKey, RegionDayBatch, RegionDayPart, RegionDayTableName } from "./regionDayTables.ts";
import { firstRow, resultRows, type Executor } from "./rows.ts";

/** What an upsert reports: counts only, or each written row (to merge the parts of a batch). */
export type UpsertResult = { kind: "counts"; written: number; inserted: number } | { kind: "rows"; regionId: number[]; day: number[]; inserted: boolean[] };

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

const fixedValue = (k: FixedKey): SQL => (k.type === "int2" ? sql`${k.value}::int2` : sql`${k.value}::text`);

/** `col = value and …` over the fixed key columns, for rows aliased `alias`. */
function fixedMatch(part: RegionDayPart, alias: string): SQL {
  return sql.join(
    part.fixed.map((k) => sql`${sql.raw(`${alias}.${k.column}`)} = ${fixedValue(k)}`),
    sql` and `,
  );
}

function insertHead(table: RegionDayTableName, part: RegionDayPart, rows: SQL): SQL {
  const fixedCols = sql.raw(part.fixed.map((k) => `${k.column}, `).join(""));
  const fixedVals = sql.join(
    part.fixed.map((k) => sql`${fixedValue(k)}, `),
    sql``,
  );
  const targets = sql.raw(part.targetColumns.join(", "));
  const staged = sql.raw(part.stagedColumns.map((c) => `s.${c}`).join(", "));
  return sql`insert into ${sql.raw(table)} as o (${fixedCols}region_id, day, ${targets})
    select ${fixedVals}s.region_id, s.day, ${staged} from ${rows} s`;
}

/** Rows known to be new: no conflict handling (a concurrent writer's row makes it fail with 23505). */
export async function insertPart(db: Executor, table: RegionDayTableName, part: RegionDayPart, rows: SQL): Promise<void> {
  await db.execute(insertHead(table, part, rows));
}

/**
 * Only present value columns are inserted and updated, so a cases-only batch leaves deaths
 * alone. A NULL (NaN) never overwrites a stored value: "unknown today" is not a revision. Rows
 * whose values would not change are filtered by the DO UPDATE … WHERE, so they are not written
 * at all and keep their revision.
 */
export async function upsertPart(db: Executor, table: RegionDayTableName, part: RegionDayPart, rows: SQL, returnRows: boolean): Promise<UpsertResult> {
  const cols = part.targetColumns;
  const list = (f: (c: string) => string) => sql.raw(cols.map(f).join(", "));
  const keyCols = sql.raw([...part.fixed.map((k) => k.column), "region_id", "day"].join(", "));
  const upsert = sql`${insertHead(table, part, rows)}
      on conflict (${keyCols}) do update set
        ${list((c) => `${c} = coalesce(excluded.${c}, o.${c})`)},
        revision = o.revision + 1,
        updated_at = now()
      where row(${list((c) => `o.${c}`)}) is distinct from row(${list((c) => `coalesce(excluded.${c}, o.${c})`)})`;
  if (returnRows) {
    const out = resultRows(await db.execute(sql`${upsert} returning o.region_id, (o.day - date '1970-01-01') as d, (o.xmax = 0) as inserted`));
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
 * True when any stored row with the part's fixed key falls in one of the batch's regions
 * within that region's day range. No hit means every row of the batch is new: the usual case of
 * a first load, or of new days. Ranges are per region, not one box for the batch, because a
 * batch often starts in the middle of the region the previous batch ended with. The LATERAL …
 * LIMIT 1 keeps it one primary-key probe per region: as a semi-join, the planner (without
 * statistics on a table filled seconds ago) may hash the whole table for every batch.
 */
export async function anyStoredInRanges(db: Executor, batch: RegionDayBatch, part: RegionDayPart): Promise<boolean> {
  const ranges = new Map<number, [number, number]>();
  const { regionId, day } = batch;
  for (let i = 0; i < regionId.length; i++) {
    const range = ranges.get(regionId[i]);
    if (range === undefined) ranges.set(regionId[i], [day[i], day[i]]);
    else if (day[i] < range[0]) range[0] = day[i];
    else if (day[i] > range[1]) range[1] = day[i];
  }
  const ids = Int32Array.from(ranges.keys());
  const first = Int32Array.from(ranges.values(), (r) => r[0]);
  const last = Int32Array.from(ranges.values(), (r) => r[1]);
  const rows = resultRows(
    await db.execute(sql`
      select 1 as hit
      from unnest(${int32ArrayLiteral(ids)}::text::int4[], ${int32ArrayLiteral(first)}::text::int4[], ${int32ArrayLiteral(last)}::text::int4[])
        as r(region_id, first_day, last_day)
      cross join lateral (
        select 1 from ${sql.raw(batch.table)} o
        where ${fixedMatch(part, "o")} and o.region_id = r.region_id
          and o.day between date '1970-01-01' + r.first_day and date '1970-01-01' + r.last_day
        limit 1) stored
      limit 1`),
  );
  return rows.length > 0;
}
