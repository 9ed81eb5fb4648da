// Loads one source's mobility history as columns, sorted by (regionId, day).
import { sql } from "drizzle-orm";
import { MOBILITY_COLUMNS, MOBILITY_KEYS } from "./regionDayTables.ts";
import type { MobilitySeries } from "./types.ts";
import { resultRows, type Executor } from "./rows.ts";

/** Same shape of query as loadObservationSeries: one row per region, values as arrays. */
export async function loadMobilitySeries(db: Executor, source: string): Promise<MobilitySeries> {
  const keys = MOBILITY_KEYS;
  const aggs = sql.raw(keys.map((k) => `array_agg(${MOBILITY_COLUMNS[k]} order by day) as "${k}"`).join(", "));
  const rows = resultRows(
    await db.execute(sql`
      select region_id, array_agg(day - date '1970-01-01' order by day) as days, ${aggs}
      from social_activity
      where source = ${source}
      group by region_id
      order by region_id`),
  );
  let total = 0;
  for (const row of rows) total += (row.days as unknown[]).length;
  const out = {
    regionId: new Int32Array(total),
    day: new Int32Array(total),
    ...Object.fromEntries(keys.map((k) => [k, new Float64Array(total)])),
  } as MobilitySeries;
  let at = 0;
  for (const row of rows) {
    const days = row.days as number[];
    out.regionId.fill(Number(row.region_id), at, at + days.length);
    out.day.set(days, at);
    for (const k of keys) {
      const values = row[k] as (number | null)[];
      const col = out[k];
      for (let i = 0; i < values.length; i++) col[at + i] = values[i] ?? NaN;
    }
    at += days.length;
  }
  return out;
}
