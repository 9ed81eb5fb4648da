// Weekly indicators (domain/weekly.ts): region-weeks kept as versions, one per publication that
// changed something. All query logic for both drivers.
import { sql, type SQL } from "drizzle-orm";
import { ED_LEVELS, ED_TRENDS, type EdLevel, type EdTrend, type WeeklyColumns, type WeeklyMetric, type WeeklyRevision, type WeeklySeries } from "../domain/mod.ts";
import { float64ArrayLiteral, int32ArrayLiteral, int8ArrayLiteral, textArrayLiteral } from "./arrayLiteral.ts";
import { firstRow, numOrNull, resultRows, strOrNull, type Executor } from "./rows.ts";
import type { BatchCounts } from "./types.ts";
import { StorageError } from "./errors.ts";

/** A database that can open a transaction (for statement-local settings). */
interface Transactional {
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}

/** (source, metric) → weekly_series id, created on first use; ids never change, so they are cached. */
export function createWeeklySeriesIds() {
  const cache = new Map<string, number>();
  return async (db: Executor, source: string, metric: WeeklyMetric): Promise<number> => {
    const key = `${metric}:${source}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    await db.execute(sql`insert into weekly_series (source, metric) values (${source}, ${metric}) on conflict (source, metric) do nothing`);
    const id = Number(firstRow(await db.execute(sql`select id from weekly_series where source = ${source} and metric = ${metric}`)).id);
    cache.set(key, id);
    return id;
  };
}

/**
 * Writes the versions of one batch that say something new, in one statement. Every incoming
 * version is compared with the version in force just before it: the newest one with an earlier
 * as_of, among the stored versions of its region-week and the batch's own (the batch may carry
 * several publications of one week; a batch version identical to its predecessor is never
 * written, so whichever way that comparison goes, "as known on D" gives the same answer).
 * - same as_of already stored: identical → unchanged; different → overwritten (revised);
 * - otherwise identical to its predecessor → unchanged (re-ingesting a publication writes 0);
 * - otherwise inserted: accepted, and revised too when the region-week had a predecessor.
 */
export async function writeWeekly(db: Executor, seriesId: number, c: WeeklyColumns): Promise<BatchCounts> {
  if (c.regionId.length === 0) return { accepted: 0, unchanged: 0, revised: 0, rejected: 0, regions: 0 };
  // Statistics of a table filled seconds ago say "1 row": a nested loop over the batch would then
  // be quadratic. Off for this transaction only (callers run writeWeekly inside one).
  await db.execute(sql`set local enable_nestloop = off`);
  const row = firstRow(await db.execute(writeWeeklySql(seriesId, c)));
  return { accepted: Number(row.accepted), unchanged: Number(row.unchanged), revised: Number(row.revised), rejected: 0, regions: 0 };
}

/** The one statement of writeWeekly (exported for EXPLAIN in benchmarks). */
export function writeWeeklySql(seriesId: number, c: WeeklyColumns): SQL {
  let minRegion = c.regionId[0];
  let maxRegion = c.regionId[0];
  for (const r of c.regionId) {
    if (r < minRegion) minRegion = r;
    else if (r > maxRegion) maxRegion = r;
  }
  return sql`
      with inc as (
        select t.region_id, date '1970-01-01' + t.w as week_end, date '1970-01-01' + t.a as as_of, t.value,
               nullif(t.level, -1)::int2 as level, nullif(t.trend, -1)::int2 as trend, t.reason
        from unnest(${int32ArrayLiteral(c.regionId)}::text::int4[], ${int32ArrayLiteral(c.weekEnd)}::text::int4[],
                    ${int32ArrayLiteral(c.asOf)}::text::int4[], ${float64ArrayLiteral(c.value)}::text::float8[],
                    ${int8ArrayLiteral(c.level)}::text::int2[], ${int8ArrayLiteral(c.trend)}::text::int2[],
                    ${textArrayLiteral(c.missingReason)}::text::text[])
          as t(region_id, w, a, value, level, trend, reason)
      ),
      stored as (
        select o.region_id, o.week_end, o.as_of, o.value, o.level, o.trend, o.missing_reason as reason
        from (select distinct region_id, week_end from inc) k
        join weekly_values o on o.series_id = ${seriesId}::int2 and o.region_id = k.region_id and o.week_end = k.week_end
        -- The batch's region range, as a primary-key range: without it the planner (no statistics
        -- on a table filled seconds ago) reads the whole series for every batch.
        where o.region_id between ${minRegion}::int4 and ${maxRegion}::int4
      ),
      merged as (
        -- A FULL JOIN (hash or merge only: never a nested loop) puts each incoming version beside
        -- the stored one of the same publication; stored versions of other publications join the
        -- window as they are.
        select coalesce(i.region_id, s.region_id) as region_id, coalesce(i.week_end, s.week_end) as week_end,
               coalesce(i.as_of, s.as_of) as as_of,
               case when i.as_of is null then s.value else i.value end as value,
               case when i.as_of is null then s.level else i.level end as level,
               case when i.as_of is null then s.trend else i.trend end as trend,
               case when i.as_of is null then s.reason else i.reason end as reason,
               i.as_of is not null as incoming,
               s.as_of is not null as stored_same,
               (s.value, s.level, s.trend, s.reason) is not distinct from (i.value, i.level, i.trend, i.reason) as same_as_stored
        from inc i
        full join stored s on s.region_id = i.region_id and s.week_end = i.week_end and s.as_of = i.as_of
      ),
      ordered as (
        select m.*,
               lag(as_of) over w as p_as_of, lag(value) over w as p_value, lag(level) over w as p_level,
               lag(trend) over w as p_trend, lag(reason) over w as p_reason
        from merged m
        window w as (partition by region_id, week_end order by as_of)
      ),
      decided as (
        select o.region_id, o.week_end, o.as_of, o.value, o.level, o.trend, o.reason,
               case
                 when o.stored_same then case when o.same_as_stored then 'unchanged' else 'overwrite' end
                 when o.p_as_of is not null
                      and (o.p_value, o.p_level, o.p_trend, o.p_reason) is not distinct from (o.value, o.level, o.trend, o.reason)
                   then 'unchanged'
                 when o.p_as_of is not null then 'revise'
                 else 'new'
               end as action
        from ordered o
        where o.incoming
      ),
      written as (
        insert into weekly_values as w (series_id, region_id, week_end, as_of, value, level, trend, missing_reason)
        select ${seriesId}::int2, region_id, week_end, as_of, value, level, trend, reason from decided where action <> 'unchanged'
        on conflict (series_id, region_id, week_end, as_of) do update set
          value = excluded.value, level = excluded.level, trend = excluded.trend,
          missing_reason = excluded.missing_reason, updated_at = now()
        returning 1
      )
      select (count(*) filter (where action <> 'unchanged'))::int as accepted,
             (count(*) filter (where action = 'unchanged'))::int as unchanged,
             (count(*) filter (where action in ('revise', 'overwrite')))::int as revised,
             (select count(*) from written)::int as written
      from decided`;
}

const seriesIdOf = (source: string, metric: WeeklyMetric) => sql`(select id from weekly_series where source = ${source} and metric = ${metric})`;

/**
 * For each region-week, the newest version with as_of ≤ asOfDay (all versions when null),
 * aggregated per region into arrays: a few thousand rows instead of one object per region-week.
 */
export async function loadWeeklySeries(db: Transactional, source: string, metric: WeeklyMetric, asOfDay: number | null): Promise<WeeklySeries> {
  const cutoff = asOfDay === null ? sql`` : sql`and as_of <= date '1970-01-01' + ${asOfDay}::int4`;
  const rows = await db.transaction(async (tx) => {
    // The DISTINCT ON sort of a 400k-version series spills to disk at the default 4 MB.
    await tx.execute(sql`set local work_mem = '64MB'`);
    // One sort (the DISTINCT ON's); the aggregates take rows in that order (checked below)
    // instead of sorting every region's arrays six more times.
    return resultRows(
      await tx.execute(sql`
        select region_id,
               array_agg(week_end - date '1970-01-01') as weeks,
               array_agg(as_of - date '1970-01-01') as as_ofs,
               array_agg(value) as vals,
               array_agg(coalesce(level, -1)) as levels,
               array_agg(coalesce(trend, -1)) as trends,
               -- '' for none: postgres.js decodes a NULL text[] element as the string "NULL" (reasons are never '').
               array_agg(coalesce(missing_reason, '')) as reasons
        from (
          select distinct on (region_id, week_end) region_id, week_end, as_of, value, level, trend, missing_reason
          from weekly_values
          where series_id = ${seriesIdOf(source, metric)} ${cutoff}
          order by region_id, week_end, as_of desc
        ) v
        group by region_id
        order by region_id`),
    );
  });
  let n = 0;
  for (const r of rows) n += (r.weeks as unknown[]).length;
  const out: WeeklySeries = {
    regionId: new Int32Array(n),
    weekEnd: new Int32Array(n),
    asOf: new Int32Array(n),
    value: new Float64Array(n),
    level: new Int8Array(n),
    trend: new Int8Array(n),
    missingReason: new Array(n),
  };
  let at = 0;
  for (const r of rows) {
    const weeks = r.weeks as number[];
    const asOfs = r.as_ofs as number[];
    const vals = r.vals as (number | null)[];
    const levels = r.levels as number[];
    const trends = r.trends as number[];
    const reasons = r.reasons as (string | null)[];
    out.regionId.fill(Number(r.region_id), at, at + weeks.length);
    for (let i = 0; i < weeks.length; i++, at++) {
      out.weekEnd[at] = Number(weeks[i]);
      out.asOf[at] = Number(asOfs[i]);
      out.value[at] = vals[i] ?? Number.NaN;
      out.level[at] = Number(levels[i]);
      out.trend[at] = Number(trends[i]);
      out.missingReason[at] = reasons[i] === "" || reasons[i] === null ? null : reasons[i];
    }
  }
  for (let i = 1; i < n; i++) {
    if (out.regionId[i] === out.regionId[i - 1] && out.weekEnd[i] <= out.weekEnd[i - 1]) {
      throw new StorageError(`loadWeeklySeries: weeks of region ${out.regionId[i]} came back out of order`);
    }
  }
  return out;
}

export async function weeklyRevisions(db: Executor, source: string, metric: WeeklyMetric, regionId: number, weekEndDay: number): Promise<WeeklyRevision[]> {
  const rows = resultRows(
    await db.execute(sql`
      select to_char(as_of, 'YYYY-MM-DD') as as_of, value, level, trend, missing_reason
      from weekly_values
      where series_id = ${seriesIdOf(source, metric)} and region_id = ${regionId}::int4
        and week_end = date '1970-01-01' + ${weekEndDay}::int4
      order by as_of`),
  );
  return rows.map((r) => {
    const level = numOrNull(r.level);
    const trend = numOrNull(r.trend);
    return {
      asOf: String(r.as_of),
      value: numOrNull(r.value),
      level: level === null ? null : (ED_LEVELS[level] as EdLevel),
      trend: trend === null ? null : (ED_TRENDS[trend] as EdTrend),
      missingReason: strOrNull(r.missing_reason),
    };
  });
}

export async function countWeekly(db: Executor, source: string | undefined): Promise<number> {
  const only = source === undefined ? sql`` : sql`where s.source = ${source}`;
  const row = firstRow(await db.execute(sql`select count(*)::int as n from weekly_values v join weekly_series s on s.id = v.series_id ${only}`));
  return Number(row.n);
}
