// Reads and writes of the risk-model results (riskTypes.ts). Snapshots travel as one JSON
// parameter (thousands of rows); forecasts as JSON row keys plus one float8 array literal of all
// quantiles, sliced per row in SQL, so 50k rows × 23 values are a few parameters per chunk.
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { float64ArrayLiteral, int32ArrayLiteral } from "./arrayLiteral.ts";
import { guard } from "./driverError.ts";
import { firstRow, numOrNull, resultRows, type Row } from "./rows.ts";
import { checkClusterRun, checkForecastSet, checkRiskSnapshots, QUANTILES_PER_ROW } from "./riskValidate.ts";
import type { ClusterRunRecord, RiskSnapshotRecord, RiskStorage, StoredForecast } from "./riskTypes.ts";

/** Forecast rows per statement: small enough that one statement on PGlite (which runs on the caller's thread) holds the event loop ~0.1 s. */
const FORECAST_CHUNK = 1_000;

const SNAPSHOT_COLUMNS: Array<[keyof RiskSnapshotRecord, string, string]> = [
  ["regionId", "region_id", "int4"],
  ["dataset", "dataset", "text"],
  ["runId", "run_id", "text"],
  ["newCases7dAvg", "new_cases_7d_avg", "float8"],
  ["caseDensity", "case_density", "float8"],
  ["weeklyCasesPer100k", "weekly_cases_per_100k", "float8"],
  ["growthRate", "growth_rate", "float8"],
  ["doublingTime", "doubling_time", "float8"],
  ["newDeaths7dAvg", "new_deaths_7d_avg", "float8"],
  ["deathsPer100k", "deaths_per_100k", "float8"],
  ["weeklyDeathsPer100k", "weekly_deaths_per_100k", "float8"],
  ["rt", "rt", "float8"],
  ["rtLow", "rt_low", "float8"],
  ["rtHigh", "rt_high", "float8"],
  ["rtLagDays", "rt_lag_days", "int4"],
  ["caseDensityLevel", "case_density_level", "text"],
  ["infectionRateLevel", "infection_rate_level", "text"],
  ["overallLevel", "overall_level", "text"],
  ["cdcLevel", "cdc_level", "text"],
  ["mobilityChange", "mobility_change", "float8"],
  ["prevalence", "prevalence", "float8"],
  ["prevalenceLow", "prevalence_low", "float8"],
  ["prevalenceHigh", "prevalence_high", "float8"],
  ["clusterRunId", "cluster_run_id", "int4"],
  ["cluster", "cluster", "int4"],
];

const dayOf = (v: unknown): number => Number(v);

function snapshotFromRow(r: Row): RiskSnapshotRecord {
  const out: Record<string, unknown> = { day: dayOf(r.day_number) };
  for (const [key, column, type] of SNAPSHOT_COLUMNS) out[key] = type === "text" ? String(r[column]) : numOrNull(r[column]);
  return out as unknown as RiskSnapshotRecord;
}

function clusterRunFromRow(r: Row, regionId: Int32Array, cluster: Int32Array): ClusterRunRecord {
  return {
    id: Number(r.id),
    level: r.level as ClusterRunRecord["level"],
    kind: r.kind as ClusterRunRecord["kind"],
    runId: String(r.run_id),
    asOfDay: dayOf(r.as_of_day),
    features: (r.features as string[]).map(String),
    k: Number(r.k),
    silhouette: Number(r.silhouette),
    calinskiHarabasz: Number(r.calinski_harabasz),
    seedStability: Number(r.seed_stability),
    ariPrevious: numOrNull(r.ari_previous),
    previousRunId: numOrNull(r.previous_run_id),
    centroids: Float64Array.from(r.centroids as number[]),
    createdAt: new Date(r.created_at as string | Date).toISOString(),
    regionId,
    cluster,
  };
}

const RUN_COLUMNS = sql.raw(`id, level, kind, run_id, as_of - date '1970-01-01' as as_of_day, features, k, silhouette, calinski_harabasz,
  seed_stability, ari_previous, previous_run_id, centroids, created_at`);

export function createRiskStorage(db: PgDatabase<PgQueryResultHKT>, open: () => void): RiskStorage {
  return {
    async saveRiskSnapshots(rows) {
      open();
      checkRiskSnapshots(rows);
      if (rows.length === 0) return 0;
      const json = JSON.stringify(rows.map((r) => Object.fromEntries([["day", r.day], ...SNAPSHOT_COLUMNS.map(([k, c]) => [c, r[k]])])));
      const cols = SNAPSHOT_COLUMNS.map(([, c]) => c);
      const types = sql.raw(["day int4", ...SNAPSHOT_COLUMNS.map(([, c, t]) => `${c} ${t}`)].join(", "));
      const names = sql.raw(cols.join(", "));
      const updates = sql.raw(
        cols
          .filter((c) => c !== "region_id")
          .map((c) => `${c} = excluded.${c}`)
          .join(", "),
      );
      return guard("saveRiskSnapshots", async () => {
        const result = await db.execute(sql`
          with up as (
            insert into risk_snapshots (day, ${names})
            select date '1970-01-01' + day, ${names} from jsonb_to_recordset(${json}::text::jsonb) as t(${types})
            on conflict (region_id) do update set day = excluded.day, ${updates}, updated_at = now()
            returning 1)
          select count(*)::int as n from up`);
        return Number(firstRow(result).n);
      });
    },

    async getRiskSnapshot(regionId) {
      open();
      const rows = await guard("getRiskSnapshot", async () =>
        resultRows(await db.execute(sql`select *, day - date '1970-01-01' as day_number from risk_snapshots where region_id = ${regionId}::int4`)),
      );
      return rows.length === 0 ? null : snapshotFromRow(rows[0]);
    },

    async saveForecasts(set) {
      open();
      checkForecastSet(set);
      let written = 0;
      await guard("saveForecasts", () =>
        db.transaction(async (tx) => {
          for (let from = 0; from < set.regionId.length; from += FORECAST_CHUNK) {
            const to = Math.min(set.regionId.length, from + FORECAST_CHUNK);
            const keys = JSON.stringify(
              Array.from({ length: to - from }, (_, i) => ({
                i,
                region_id: set.regionId[from + i],
                location: set.location[from + i],
                target: set.target[from + i],
                end_day: set.targetEndDay[from + i],
              })),
            );
            const values = float64ArrayLiteral(set.quantiles.subarray(from * QUANTILES_PER_ROW, to * QUANTILES_PER_ROW));
            const result = await tx.execute(sql`
              with q as (
                -- One pass over the flat array (slicing it per row would copy it once per row).
                select ((u.k - 1) / 23)::int4 as i, array_agg(u.v order by u.k) as a
                from unnest(${values}::text::float8[]) with ordinality as u(v, k)
                group by 1
              ), up as (
                insert into forecasts (model, region_id, forecast_date, target, location, target_end_date, quantiles, run_id)
                select ${set.model}::text, t.region_id, date '1970-01-01' + ${set.forecastDay}::int4, t.target, t.location,
                       date '1970-01-01' + t.end_day, q.a, ${set.runId}::text
                from jsonb_to_recordset(${keys}::text::jsonb) as t(i int4, region_id int4, location text, target text, end_day int4)
                join q on q.i = t.i
                on conflict (region_id, model, forecast_date, target) do update set
                  location = excluded.location, target_end_date = excluded.target_end_date, quantiles = excluded.quantiles,
                  run_id = excluded.run_id, created_at = now()
                returning 1)
              select count(*)::int as n from up`);
            written += Number(firstRow(result).n);
          }
        }),
      );
      return written;
    },

    async listForecasts(regionId, opts = {}) {
      open();
      const model = opts.model === undefined ? sql`` : sql`and model = ${opts.model}::text`;
      const date =
        opts.forecastDay === undefined
          ? sql`(select max(forecast_date) from forecasts where region_id = ${regionId}::int4 ${model})`
          : sql`date '1970-01-01' + ${opts.forecastDay}::int4`;
      const rows = await guard("listForecasts", async () =>
        resultRows(
          await db.execute(sql`
            select model, region_id, location, forecast_date - date '1970-01-01' as forecast_day, target,
                   target_end_date - date '1970-01-01' as end_day, quantiles, run_id
            from forecasts
            where region_id = ${regionId}::int4 ${model} and forecast_date = ${date}
            order by model, target_end_date, target`),
        ),
      );
      return rows.map(
        (r): StoredForecast => ({
          model: String(r.model),
          regionId: Number(r.region_id),
          location: String(r.location),
          forecastDay: Number(r.forecast_day),
          target: String(r.target),
          targetEndDay: Number(r.end_day),
          quantiles: (r.quantiles as number[]).map(Number),
          runId: String(r.run_id),
        }),
      );
    },

    async saveClusterRun(run) {
      open();
      checkClusterRun(run);
      return guard("saveClusterRun", () =>
        db.transaction(async (tx) => {
          const row = firstRow(
            await tx.execute(sql`
              insert into cluster_runs (level, kind, run_id, as_of, features, k, silhouette, calinski_harabasz, seed_stability,
                                        ari_previous, previous_run_id, centroids, regions)
              values (${run.level}::text, ${run.kind ?? "historical"}::text, ${run.runId}::text, date '1970-01-01' + ${run.asOfDay}::int4,
                      array(select jsonb_array_elements_text(${JSON.stringify(run.features)}::text::jsonb)), ${run.k}::int4,
                      ${run.silhouette}::float8, ${run.calinskiHarabasz}::float8, ${run.seedStability}::float8,
                      ${run.ariPrevious}::float8, ${run.previousRunId}::int4, ${float64ArrayLiteral(run.centroids)}::text::float8[],
                      ${run.regionId.length}::int4)
              returning ${RUN_COLUMNS}`),
          );
          if (run.regionId.length > 0) {
            await tx.execute(sql`
              insert into cluster_assignments (run_id, region_id, cluster)
              select ${Number(row.id)}::int4, t.r, t.c
              from unnest(${int32ArrayLiteral(run.regionId)}::text::int4[], ${int32ArrayLiteral(run.cluster)}::text::int4[]) as t(r, c)`);
          }
          return clusterRunFromRow(row, Int32Array.from(run.regionId), Int32Array.from(run.cluster));
        }),
      );
    },

    async latestClusterRun(level, kind = "historical") {
      open();
      return guard("latestClusterRun", async () => {
        const runs = resultRows(await db.execute(sql`select ${RUN_COLUMNS} from cluster_runs where level = ${level}::text and kind = ${kind}::text order by id desc limit 1`));
        if (runs.length === 0) return null;
        const a = firstRow(
          await db.execute(sql`
            select coalesce(array_agg(region_id order by region_id), '{}') as regions, coalesce(array_agg(cluster order by region_id), '{}') as clusters
            from cluster_assignments where run_id = ${Number(runs[0].id)}::int4`),
        );
        return clusterRunFromRow(runs[0], Int32Array.from(a.regions as number[]), Int32Array.from(a.clusters as number[]));
      });
    },

    async listClusterRuns(level, limit = 20, kind = "historical") {
      open();
      const where = level === undefined ? sql`where kind = ${kind}::text` : sql`where level = ${level}::text and kind = ${kind}::text`;
      const rows = await guard("listClusterRuns", async () =>
        resultRows(await db.execute(sql`select ${RUN_COLUMNS} from cluster_runs ${where} order by id desc limit ${limit}::int4`)),
      );
      return rows.map((r) => clusterRunFromRow(r, new Int32Array(0), new Int32Array(0)));
    },
  };
}
