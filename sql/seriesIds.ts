// Observation series ids: (source, metric) → the small integer observation rows are keyed by.
// Ids never change once created, so each storage instance caches them for its lifetime.
import { sql } from "drizzle-orm";
import { resultRows, type Executor } from "./rows.ts";

export type Metric = "cases" | "deaths";

export interface SeriesIds {
  /** The series id, created on first use (outside any batch transaction, so it commits alone). */
  ensure(db: Executor, source: string, metric: Metric): Promise<number>;
}

export function createSeriesIds(): SeriesIds {
  const cache = new Map<string, number>();
  return {
    async ensure(db, source, metric) {
      const key = `${metric}:${source}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      // Two instances may create it at once: the unique key keeps one, and both read it back.
      await db.execute(sql`
        insert into observation_series (source, metric) values (${source}, ${metric})
        on conflict (source, metric) do nothing`);
      const rows = resultRows(await db.execute(sql`select id from observation_series where source = ${source} and metric = ${metric}`));
      const id = Number(rows[0].id);
      cache.set(key, id);
      return id;
    },
  };
}
