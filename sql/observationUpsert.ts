// The hot path: one revision-aware upsert statement per batch, each column one array parameter.
import { sql, type SQL } from "drizzle-orm";
import { float64ArrayLiteral, int32ArrayLiteral } from "./arrayLiteral.ts";
import type { MetricKey } from "./validate.ts";
import type { ObservationColumns } from "./types.ts";
import { firstRow, type Executor } from "./rows.ts";

const COLUMN_NAMES: Record<MetricKey, string> = {
  cumCases: "cum_cases",
  newCases: "new_cases",
  cumDeaths: "cum_deaths",
  newDeaths: "new_deaths",
};

/** A batch already serialised, so the transaction is not held open while we build strings. */
export interface PreparedObservations {
  rows: number;
  metrics: MetricKey[];
  regionId: string;
  day: string;
  values: string[];
}

export function prepareObservations(columns: ObservationColumns, metrics: MetricKey[]): PreparedObservations {
  return {
    rows: columns.regionId.length,
    metrics,
    regionId: int32ArrayLiteral(columns.regionId),
    day: int32ArrayLiteral(columns.day),
    values: metrics.map((m) => float64ArrayLiteral(columns[m] as Float64Array)),
  };
}

/**
 * Builds the statement. Only present metric columns are inserted and updated, so a cases-only
 * file leaves deaths alone. A NULL (NaN) never overwrites a stored value: "unknown today" is
 * not a revision. Rows whose values would not change are filtered by the DO UPDATE … WHERE,
 * so they are not written at all and keep their revision.
 */
function upsertStatement(source: string, batch: PreparedObservations): SQL {
  const cols = batch.metrics.map((m) => COLUMN_NAMES[m]);
  const list = (f: (c: string) => string) => sql.raw(cols.map(f).join(", "));
  const arrays = sql.join(
    batch.values.map((v) => sql`${v}::text::float8[]`),
    sql`, `,
  );
  return sql`
    with up as (
      insert into observations as o (region_id, source, day, ${list((c) => c)})
      select t.region_id, ${source}::text, date '1970-01-01' + t.d, ${list((c) => `t.${c}`)}
      from unnest(${batch.regionId}::text::int4[], ${batch.day}::text::int4[], ${arrays})
        as t(region_id, d, ${list((c) => c)})
      on conflict (source, region_id, day) do update set
        ${list((c) => `${c} = coalesce(excluded.${c}, o.${c})`)},
        revision = o.revision + 1,
        updated_at = now()
      where row(${list((c) => `o.${c}`)}) is distinct from row(${list((c) => `coalesce(excluded.${c}, o.${c})`)})
      returning (o.xmax = 0) as inserted
    )
    select count(*)::int as accepted, (count(*) filter (where inserted))::int as inserted from up`;
}

export interface ObservationCounts {
  accepted: number;
  unchanged: number;
  revised: number;
}

export async function upsertObservations(
  db: Executor,
  source: string,
  batch: PreparedObservations,
): Promise<ObservationCounts> {
  if (batch.rows === 0) return { accepted: 0, unchanged: 0, revised: 0 };
  const row = firstRow(await db.execute(upsertStatement(source, batch)));
  const accepted = Number(row.accepted);
  const inserted = Number(row.inserted);
  return { accepted, unchanged: batch.rows - accepted, revised: accepted - inserted };
}
