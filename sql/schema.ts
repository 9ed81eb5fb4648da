// Drizzle schema: the single source of truth for migrations (drizzle-kit reads this file).
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

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
 * One row per (source, region, day). No foreign key to regions on purpose: regions and
 * observations arrive on independent subjects, in any order.
 */
export const observations = pgTable(
  "observations",
  {
    regionId: integer("region_id").notNull(),
    source: text("source").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    cumCases: doublePrecision("cum_cases"),
    newCases: doublePrecision("new_cases"),
    cumDeaths: doublePrecision("cum_deaths"),
    newDeaths: doublePrecision("new_deaths"),
    /** Incremented each time an upsert changes a stored value. */
    revision: integer("revision").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  // Key order (source, region_id, day) so loading one source's series is an in-order index range scan.
  (t) => [primaryKey({ name: "observations_pkey", columns: [t.source, t.regionId, t.day] })],
);

export const ingestRuns = pgTable(
  "ingest_runs",
  {
    jobId: text("job_id").primaryKey(),
    // '' until the manifest (or an observation batch) names the source: region batches do not carry it.
    source: text("source").notNull().default(""),
    state: text("state", { enum: ["running", "done", "failed"] }).notNull().default("running"),
    batchesExpected: integer("batches_expected"),
    rowsRead: bigint("rows_read", { mode: "number" }),
    bytesRead: bigint("bytes_read", { mode: "number" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [check("ingest_runs_state_check", sql`${t.state} in ('running', 'done', 'failed')`)],
);

/** One row per applied data message: the exactly-once ledger and its counts. */
export const ingestBatches = pgTable(
  "ingest_batches",
  {
    jobId: text("job_id").notNull(),
    seq: integer("seq").notNull(),
    kind: text("kind", { enum: ["regions", "observations", "quarantine"] }).notNull(),
    accepted: integer("accepted").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    revised: integer("revised").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    regions: integer("regions").notNull().default(0),
    appliedAt: timestamp("applied_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: "ingest_batches_pkey", columns: [t.jobId, t.seq] }),
    check("ingest_batches_kind_check", sql`${t.kind} in ('regions', 'observations', 'quarantine')`),
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
