// Region registry upsert: the whole batch travels as one JSON parameter (text needs quoting
// that array literals make error-prone; regions are thousands, not millions).
import { sql } from "drizzle-orm";
import type { RegionRecord } from "./types.ts";
import { firstRow, type Executor } from "./rows.ts";

/**
 * Inserts new regions and updates changed ones; returns how many rows were written. name and
 * level always take the new value; nullable fields keep the stored value when the new one is
 * null, because a source that lacks (say) population must not erase what another supplied.
 */
export async function upsertRegions(db: Executor, regions: RegionRecord[]): Promise<number> {
  if (regions.length === 0) return 0;
  const json = JSON.stringify(
    regions.map((r) => ({
      id: r.id,
      name: r.name,
      level: r.level,
      parent_id: r.parentId,
      fips: r.fips,
      iso2: r.iso2,
      iso3: r.iso3,
      lat: r.lat,
      lon: r.lon,
      population: r.population,
    })),
  );
  const nullable = ["parent_id", "fips", "iso2", "iso3", "lat", "lon", "population"];
  const merged = (c: string) => `coalesce(excluded.${c}, r.${c})`;
  const setList = sql.raw(nullable.map((c) => `${c} = ${merged(c)}`).join(", "));
  const stored = sql.raw(["name", "level", ...nullable].map((c) => `r.${c}`).join(", "));
  const incoming = sql.raw(["excluded.name", "excluded.level", ...nullable.map(merged)].join(", "));
  const result = await db.execute(sql`
    with up as (
      insert into regions as r (id, name, level, parent_id, fips, iso2, iso3, lat, lon, population)
      select id, name, level, parent_id, fips, iso2, iso3, lat, lon, population
      from jsonb_to_recordset(${json}::text::jsonb) as t(
        id int4, name text, level text, parent_id int4, fips text, iso2 text, iso3 text,
        lat float8, lon float8, population float8)
      -- In id order: two jobs upserting the same regions (the lookup table and an adapter that
      -- names its places) then lock them in the same order and cannot deadlock.
      order by id
      on conflict (id) do update set
        name = excluded.name, level = excluded.level, ${setList}, updated_at = now()
      where row(${stored}) is distinct from row(${incoming})
      returning 1
    )
    select count(*)::int as n from up`);
  return Number(firstRow(result).n);
}
