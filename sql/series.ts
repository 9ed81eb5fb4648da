// Reads observations back in the API's wide shape: cases and deaths rows of a region-day merged.
import { type SQL, sql } from "drizzle-orm";
import type { ObservationSeries, Storage } from "./types.ts";
import { numOrNull, resultRows, type Executor } from "./rows.ts";
import { FIRST_WINDOW_DAY, lastWindowDay } from "../domain/mod.ts";
import { type DecodeWhereRun, readSeriesInParts } from "./regionParts.ts";

export type { DecodeWhereRun } from "./regionParts.ts";

/** A database that can open a transaction (for statement-local settings). */
interface Transactional {
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}

/**
 * One row per region with each metric's days and values aggregated into arrays: a few thousand
 * rows instead of millions of row objects, which both drivers decode much faster. Each metric
 * is an in-order range of the primary key (no sort); the two day lists of a region are merged
 * in seriesDecode.ts, which is cheaper than a full join of the rows in SQL. With `decodeWhereRun`
 * (PGlite on its thread) the rows are decoded on that thread and only typed arrays come back.
 */
export async function loadObservationSeries(db: Executor, source: string, decodeWhereRun?: DecodeWhereRun): Promise<ObservationSeries> {
  // Only days inside the date window (domain/dateWindow.ts): a row stored before storage checked
  // it (a report dated 0001-01-01) would otherwise make every dense per-day series of the region
  // span two thousand years.
  const last = lastWindowDay();
  const perMetric = (metric: string, inPart: SQL) => sql`
    select region_id, array_agg(day - date '1970-01-01' order by day) as days, array_agg(cum_value order by day) as vals
    from observations
    where series_id = (select id from observation_series where source = ${source} and metric = ${metric})
      and ${inPart}
      and day between date '1970-01-01' + ${FIRST_WINDOW_DAY}::int4 and date '1970-01-01' + ${last}::int4
    group by region_id`;
  // In parts of the registry, one after another (regionParts.ts): one part's parsed rows at a time.
  return readSeriesInParts(
    db,
    (inPart) => sql`
      with c as (${perMetric("cases", inPart)}), d as (${perMetric("deaths", inPart)})
      select region_id, c.days as case_days, c.vals as cases, d.days as death_days, d.vals as deaths
      from c full join d using (region_id)
      order by region_id`,
    "observationSeries",
    decodeWhereRun,
  );
}

export async function getObservation(db: Executor, regionId: number, source: string, day: number): ReturnType<Storage["getObservation"]> {
  const rows = resultRows(
    await db.execute(sql`
      select s.metric, o.cum_value, o.new_value, o.revision
      from observation_series s
      join observations o on o.series_id = s.id
      where s.source = ${source} and o.region_id = ${regionId}::int4 and o.day = date '1970-01-01' + ${day}::int4`),
  );
  if (rows.length === 0) return null;
  const out = { cumCases: null as number | null, newCases: null as number | null, cumDeaths: null as number | null, newDeaths: null as number | null, revision: 0 };
  for (const r of rows) {
    if (r.metric === "cases") {
      out.cumCases = numOrNull(r.cum_value);
      out.newCases = numOrNull(r.new_value);
    } else {
      out.cumDeaths = numOrNull(r.cum_value);
      out.newDeaths = numOrNull(r.new_value);
    }
    // A region-day's revision is that of its most revised metric.
    out.revision = Math.max(out.revision, Number(r.revision));
  }
  return out;
}

/**
 * Region-days, not rows: a region-day with cases and deaths is two rows. Counts the cases rows,
 * plus the deaths rows without a cases row (an anti-join on the primary key), instead of a
 * DISTINCT over every row, which sorts the whole table. Nested loops are off for the statement:
 * on a table loaded moments ago (no statistics yet) the planner expects one row per metric and
 * picks a nested loop whose inner side scans every cases row per deaths row; a hash anti-join
 * is linear whatever the statistics say.
 */
export async function countObservations(db: Transactional, source: string | undefined): Promise<number> {
  const only = (alias: string) => (source === undefined ? sql`` : sql`and ${sql.raw(alias)}.source = ${source}`);
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_nestloop = off`);
    return resultRows(
      await tx.execute(sql`
      select (select count(*) from observations c join observation_series cs on cs.id = c.series_id
              where cs.metric = 'cases' ${only("cs")})
           + (select count(*) from observations d join observation_series ds on ds.id = d.series_id
              where ds.metric = 'deaths' ${only("ds")}
                and not exists (select 1 from observations c join observation_series cs on cs.id = c.series_id
                                where cs.source = ds.source and cs.metric = 'cases' and c.region_id = d.region_id and c.day = d.day))
             as n`),
    );
  });
  return Number(rows[0].n);
}
