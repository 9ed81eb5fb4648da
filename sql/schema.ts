// Drizzle schema: the single source of truth for migrations (drizzle-kit reads this file).
import { sql } from "drizzle-orm";
import { bigint, check, date, doublePrecision, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique } from "drizzle-orm/pg-core";

/** Region registry keyed by JHU CSSE UID. */
export const regions = pgTable(
  "regions",
  {
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    level: text("level", { enum: ["county", "state", "country"] }).notNull(),
    parentId: integer("parent_id"),
    fips: text("fips"),
    iso2: text("iso2"),
    iso3: text("iso3"),
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    // double, not bigint: drivers hand bigint back as strings, and populations fit a double exactly.
    population: doublePrecision("population"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("regions_level_check", sql`${t.level} in ('county', 'state', 'country')`)],
);

/**
 * A series = one source's one metric ("cases" or "deaths"), e.g. (jhu-us, deaths). Observation
 * rows carry its small integer id instead of the two strings: the primary-key index, which is
 * most of the cost of a bulk load, holds (int2, int4, date) instead of (text, text, int4, date),
 * and loads run ~30 % cheaper in Postgres.
 */
export const observationSeries = pgTable(
  "observation_series",
  {
    id: smallint("id").primaryKey().generatedAlwaysAsIdentity(),
    source: text("source").notNull(),
    metric: text("metric", { enum: ["cases", "deaths"] }).notNull(),
  },
  (t) => [unique("observation_series_source_metric_key").on(t.source, t.metric), check("observation_series_metric_check", sql`${t.metric} in ('cases', 'deaths')`)],
);

/**
 * One row per (series, region, day): the cumulative count and the new count of that day (or of
 * the period ending that day, for weekly sources). Long in the metric because publishers often
 * ship cases and deaths as separate files (JHU): the second file then inserts its own rows
 * instead of rewriting every row the first one wrote, which keeps bulk loads append-only. No
 * foreign key to regions on purpose: regions and observations arrive on independent subjects,
 * in any order.
 */
export const observations = pgTable(
  "observations",
  {
    seriesId: smallint("series_id").notNull(),
    regionId: integer("region_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    cumValue: doublePrecision("cum_value"),
    newValue: doublePrecision("new_value"),
    /** Incremented each time an upsert changes a stored value. */
    revision: integer("revision").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Key order (series_id, region_id, day): one series is an in-order index range scan.
  (t) => [primaryKey({ name: "observations_pkey", columns: [t.seriesId, t.regionId, t.day] })],
);

export const ingestRuns = pgTable(
  "ingest_runs",
  {
    jobId: text("job_id").primaryKey(),
    // '' until the manifest (or an observation batch) names the source: region batches do not carry it.
    source: text("source").notNull().default(""),
    state: text("state", { enum: ["running", "done", "failed"] })
      .notNull()
      .default("running"),
    batchesExpected: integer("batches_expected"),
    rowsRead: bigint("rows_read", { mode: "number" }),
    bytesRead: bigint("bytes_read", { mode: "number" }),
    /** Source rows the adapter deliberately did not store (aggregates, places outside the registry). */
    rowsSkipped: bigint("rows_skipped", { mode: "number" }),
    /** The URL the job fetched and its HTTP validators: saved to source_validators once the job is done. */
    sourceUrl: text("source_url"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    error: text("error"),
    /**
     * The outbox of the job's final event: null while the event is owed. Written null by the
     * completion itself, set once JetStream acknowledged the event.
     */
    announcedAt: timestamp("announced_at", { withTimezone: true }),
  },
  (t) => [
    check("ingest_runs_state_check", sql`${t.state} in ('running', 'done', 'failed')`),
    // The outbox scan: finished jobs whose event is still owed.
    index("ingest_runs_unannounced_idx").on(t.finishedAt).where(sql`${t.announcedAt} is null and ${t.finishedAt} is not null`),
  ],
);

/** One row per applied data message: the exactly-once ledger and its counts. */
export const ingestBatches = pgTable(
  "ingest_batches",
  {
    jobId: text("job_id").notNull(),
    seq: integer("seq").notNull(),
    kind: text("kind", { enum: ["regions", "observations", "quarantine", "mobility", "presence", "weekly"] }).notNull(),
    accepted: integer("accepted").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    revised: integer("revised").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    regions: integer("regions").notNull().default(0),
    appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "ingest_batches_pkey", columns: [t.jobId, t.seq] }),
    check("ingest_batches_kind_check", sql`${t.kind} in ('regions', 'observations', 'quarantine', 'mobility', 'presence', 'weekly')`),
  ],
);

export const quarantinedRows = pgTable(
  "quarantined_rows",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    source: text("source").notNull(),
    jobId: text("job_id").notNull(),
    line: integer("line").notNull(),
    raw: text("raw").notNull(),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quarantined_rows_job_id_idx").on(t.jobId)],
);

/**
 * Social activity per (source, region, day): percent change from the publisher's baseline
 * (Google's six categories; Opportunity Insights' fractions are stored × 100 so both sources
 * share units). NULL = not published. Keyed like observations, so one source's series is an
 * index range scan and the same region-day from two publishers is kept apart.
 */
export const socialActivity = pgTable(
  "social_activity",
  {
    regionId: integer("region_id").notNull(),
    source: text("source").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    retailAndRecreation: doublePrecision("retail_and_recreation"),
    groceryAndPharmacy: doublePrecision("grocery_and_pharmacy"),
    parks: doublePrecision("parks"),
    transitStations: doublePrecision("transit_stations"),
    workplaces: doublePrecision("workplaces"),
    residential: doublePrecision("residential"),
    /** Opportunity Insights' imputed time away from home (percent change); Google has none. */
    awayFromHome: doublePrecision("away_from_home"),
    revision: integer("revision").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: "social_activity_pkey", columns: [t.source, t.regionId, t.day] })],
);

/**
 * Which anonymous device was seen in which region in which hour. Coordinates are never
 * stored: the pipeline resolves a ping to its region before it reaches SQL.
 */
export const devicePresence = pgTable(
  "device_presence",
  {
    regionId: integer("region_id").notNull(),
    hour: timestamp("hour", { withTimezone: true, mode: "string" }).notNull(),
    deviceHash: text("device_hash").notNull(),
  },
  (t) => [primaryKey({ name: "device_presence_pkey", columns: [t.regionId, t.hour, t.deviceHash] })],
);

/** HTTP validators from the last successful fetch of a URL, for conditional re-fetches. */
export const sourceValidators = pgTable("source_validators", {
  url: text("url").primaryKey(),
  etag: text("etag"),
  lastModified: text("last_modified"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Latest risk figures per region, replaced by each recompute of the exposure-risk worker: what
 * an operator or another tool reads without the mesh. Levels are stored by name.
 */
export const riskSnapshots = pgTable("risk_snapshots", {
  regionId: integer("region_id").primaryKey(),
  dataset: text("dataset").notNull(),
  day: date("day", { mode: "string" }).notNull(),
  runId: text("run_id").notNull(),
  newCases7dAvg: doublePrecision("new_cases_7d_avg"),
  caseDensity: doublePrecision("case_density"),
  weeklyCasesPer100k: doublePrecision("weekly_cases_per_100k"),
  growthRate: doublePrecision("growth_rate"),
  doublingTime: doublePrecision("doubling_time"),
  newDeaths7dAvg: doublePrecision("new_deaths_7d_avg"),
  deathsPer100k: doublePrecision("deaths_per_100k"),
  weeklyDeathsPer100k: doublePrecision("weekly_deaths_per_100k"),
  rt: doublePrecision("rt"),
  rtLow: doublePrecision("rt_low"),
  rtHigh: doublePrecision("rt_high"),
  rtLagDays: integer("rt_lag_days").notNull(),
  caseDensityLevel: text("case_density_level").notNull(),
  infectionRateLevel: text("infection_rate_level").notNull(),
  overallLevel: text("overall_level").notNull(),
  cdcLevel: text("cdc_level").notNull(),
  mobilityChange: doublePrecision("mobility_change"),
  prevalence: doublePrecision("prevalence"),
  prevalenceLow: doublePrecision("prevalence_low"),
  prevalenceHigh: doublePrecision("prevalence_high"),
  clusterRunId: integer("cluster_run_id"),
  cluster: integer("cluster"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Quantile forecasts in Forecast Hub terms, one row per (model, region, forecast date, target)
 * with its 23 quantiles as an array (QUANTILE_LEVELS order): 8 rows per region and model
 * instead of 184, and a forecast is read back whole. Older forecast dates are kept, so past
 * forecasts can be scored once their truth is in.
 */
export const forecasts = pgTable(
  "forecasts",
  {
    model: text("model").notNull(),
    regionId: integer("region_id").notNull(),
    forecastDate: date("forecast_date", { mode: "string" }).notNull(),
    target: text("target").notNull(),
    location: text("location").notNull(),
    targetEndDate: date("target_end_date", { mode: "string" }).notNull(),
    quantiles: doublePrecision("quantiles").array().notNull(),
    runId: text("run_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "forecasts_pkey", columns: [t.regionId, t.model, t.forecastDate, t.target] }),
    check("forecasts_quantiles_check", sql`cardinality(${t.quantiles}) = 23`),
  ],
);

/** One k-means run per level and recompute: quality, stability and its centroids. */
export const clusterRuns = pgTable(
  "cluster_runs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    level: text("level", { enum: ["county", "state", "country"] }).notNull(),
    /** historical: on the daily case history; current: on the current CDC weekly indicators. */
    kind: text("kind", { enum: ["historical", "current"] })
      .notNull()
      .default("historical"),
    runId: text("run_id").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    features: text("features").array().notNull(),
    k: integer("k").notNull(),
    silhouette: doublePrecision("silhouette").notNull(),
    calinskiHarabasz: doublePrecision("calinski_harabasz").notNull(),
    seedStability: doublePrecision("seed_stability").notNull(),
    ariPrevious: doublePrecision("ari_previous"),
    previousRunId: integer("previous_run_id"),
    centroids: doublePrecision("centroids").array().notNull(),
    regions: integer("regions").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("cluster_runs_level_idx").on(t.level, t.id),
    index("cluster_runs_kind_level_idx").on(t.kind, t.level, t.id),
    check("cluster_runs_level_check", sql`${t.level} in ('county', 'state', 'country')`),
    check("cluster_runs_kind_check", sql`${t.kind} in ('historical', 'current')`),
  ],
);

export const clusterAssignments = pgTable(
  "cluster_assignments",
  {
    runId: integer("run_id").notNull(),
    regionId: integer("region_id").notNull(),
    /** 0 = lowest-risk cluster of the run. */
    cluster: integer("cluster").notNull(),
  },
  (t) => [primaryKey({ name: "cluster_assignments_pkey", columns: [t.runId, t.regionId] })],
);

/** A weekly series = one dataset's one weekly metric (domain/weekly.ts WEEKLY_METRICS). */
export const weeklySeries = pgTable(
  "weekly_series",
  {
    id: smallint("id").primaryKey().generatedAlwaysAsIdentity(),
    source: text("source").notNull(),
    metric: text("metric", { enum: ["hosp-admissions", "ed-visits-prop", "ed-visits-pct"] }).notNull(),
  },
  (t) => [
    unique("weekly_series_source_metric_key").on(t.source, t.metric),
    check("weekly_series_metric_check", sql`${t.metric} in ('hosp-admissions', 'ed-visits-prop', 'ed-visits-pct')`),
  ],
);

/**
 * Weekly indicators as region-weeks, one row per version: (series, region, week ending
 * Saturday, publication day). A publication that changes nothing adds no row, so a region-week
 * has one row per distinct value it was published with; "as known on day D" is, per region-week,
 * the row with the greatest as_of ≤ D. NULL value = published as missing (missing_reason says
 * why, e.g. NSSP's "Limited Data"); level / trend are CDC's NSSP classification and trend as
 * indexes of ED_LEVELS / ED_TRENDS, NULL when absent.
 */
export const weeklyValues = pgTable(
  "weekly_values",
  {
    seriesId: smallint("series_id").notNull(),
    regionId: integer("region_id").notNull(),
    weekEnd: date("week_end", { mode: "string" }).notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    value: doublePrecision("value"),
    level: smallint("level"),
    trend: smallint("trend"),
    missingReason: text("missing_reason"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Key order: one region-week's versions are adjacent and ordered by publication.
  (t) => [
    primaryKey({ name: "weekly_values_pkey", columns: [t.seriesId, t.regionId, t.weekEnd, t.asOf] }),
    check("weekly_values_level_check", sql`${t.level} between 0 and 4`),
    check("weekly_values_trend_check", sql`${t.trend} between 0 and 2`),
  ],
);
