// Reads of social_activity: one source's history as columns sorted by (regionId, day), counts,
// and single region-days.
import { type SQL, sql } from "drizzle-orm";
import { FIRST_WINDOW_DAY, lastWindowDay } from "../domain/mod.ts";
import { MOBILITY_COLUMNS, MOBILITY_KEYS } from "./regionDayTables.ts";
import type { MobilitySeries, MobilityValues } from "./types.ts";
import { type DecodeWhereRun, readSeriesInParts } from "./regionParts.ts";
import { numOrNull, resultRows, type Executor } from "./rows.ts";

/**
 * Same shape of query as loadObservationSeries (and the same date window, and in the same parts
 * of the registry): one row per region, values as arrays.
 */
export async function loadMobilitySeries(db: Executor, source: string, decodeWhereRun?: DecodeWhereRun): Promise<MobilitySeries> {
  const aggs = sql.raw(MOBILITY_KEYS.map((k) => `array_agg(${MOBILITY_COLUMNS[k]} order by day) as "${k}"`).join(", "));
  const query = (inPart: SQL) => sql`
      select region_id, array_agg(day - date '1970-01-01' order by day) as days, ${aggs}
      from social_activity
      where source = ${source} and ${inPart}
        and day between date '1970-01-01' + ${FIRST_WINDOW_DAY}::int4 and date '1970-01-01' + ${lastWindowDay()}::int4
      group by region_id
      order by region_id`;
  return readSeriesInParts(db, query, "mobilitySeries", decodeWhereRun);
}

export async function countMobility(db: Executor, source: string | undefined): Promise<number> {
  const where = source === undefined ? sql`` : sql`where source = ${source}`;
  const rows = resultRows(await db.execute(sql`select count(*)::float8 as n from social_activity ${where}`));
  return Number(rows[0].n);
}

export async function getMobility(db: Executor, regionId: number, source: string, day: number): Promise<(MobilityValues & { revision: number }) | null> {
  const rows = resultRows(
    await db.execute(sql`
      select retail_and_recreation, grocery_and_pharmacy, parks, transit_stations, workplaces,
             residential, away_from_home, revision
      from social_activity
      where source = ${source} and region_id = ${regionId}::int4 and day = date '1970-01-01' + ${day}::int4`),
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return {
    retailAndRecreation: numOrNull(r.retail_and_recreation),
    groceryAndPharmacy: numOrNull(r.grocery_and_pharmacy),
    parks: numOrNull(r.parks),
    transitStations: numOrNull(r.transit_stations),
    workplaces: numOrNull(r.workplaces),
    residential: numOrNull(r.residential),
    awayFromHome: numOrNull(r.away_from_home),
    revision: Number(r.revision),
  };
}
