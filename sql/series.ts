// Loads one source's history as columns, sorted by (regionId, day).
import { sql } from "drizzle-orm";
import type { ObservationSeries } from "./types.ts";
import { resultRows, type Executor } from "./rows.ts";

/**
 * One row per region with its days and values aggregated into arrays: a few thousand rows
 * instead of millions of row objects, which both drivers decode much faster. The primary
 * key (source, region_id, day) lets Postgres read the rows already in order.
 */
export async function loadObservationSeries(db: Executor, source: string): Promise<ObservationSeries> {
  const rows = resultRows(
    await db.execute(sql`
      select region_id,
             array_agg(day - date '1970-01-01' order by day) as days,
             array_agg(cum_cases order by day) as cum_cases,
             array_agg(cum_deaths order by day) as cum_deaths
      from observations
      where source = ${source}
      group by region_id
      order by region_id`),
  );
  let total = 0;
  for (const row of rows) total += (row.days as unknown[]).length;
  const out: ObservationSeries = {
    regionId: new Int32Array(total),
    day: new Int32Array(total),
    cumCases: new Float64Array(total),
    cumDeaths: new Float64Array(total),
  };
  let at = 0;
  for (const row of rows) {
    const id = Number(row.region_id);
    const days = row.days as number[];
    const cases = row.cum_cases as (number | null)[];
    const deaths = row.cum_deaths as (number | null)[];
    out.regionId.fill(id, at, at + days.length);
    for (let i = 0; i < days.length; i++, at++) {
      out.day[at] = days[i];
      // NULL (unknown) → NaN. postgres.js already decodes NULL float8 array elements as NaN.
      const c = cases[i];
      const d = deaths[i];
      out.cumCases[at] = c === null ? NaN : c;
      out.cumDeaths[at] = d === null ? NaN : d;
    }
  }
  return out;
}
