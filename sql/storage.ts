// The Storage implementation shared by both drivers: all query logic lives here and in the
// modules it calls; a driver only supplies a drizzle database, migrate and close.
import { asc, eq, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { guard } from "./driverError.ts";
import { StorageClosedError, StorageUnavailableError } from "./errors.ts";
import { claimBatch, ensureRun, jobSummary, markJobFinished, recordBatchCounts, recordManifest, ZERO_COUNTS, type BatchKind } from "./ledger.ts";
import { prepareObservations, upsertObservations } from "./observationUpsert.ts";
import { insertQuarantine } from "./quarantineInsert.ts";
import { upsertRegions } from "./regionUpsert.ts";
import { numOrNull, resultRows, type Executor } from "./rows.ts";
import { quarantinedRows, regions } from "./schema.ts";
import { loadObservationSeries } from "./series.ts";
import type { ApplyResult, BatchCounts, Storage } from "./types.ts";
import { assertJobSeq, assertSource, checkManifest, checkObservationColumns, checkQuarantine, checkRegions } from "./validate.ts";

/** What a driver hands to createStorage. */
export interface DriverAdapter {
  driver: Storage["driver"];
  db: PgDatabase<PgQueryResultHKT>;
  /** Runs the migrations under the advisory lock, on one dedicated session. */
  migrate(): Promise<void>;
  /** Releases connections / the embedded instance. */
  close(): Promise<void>;
}

export function createStorage(adapter: DriverAdapter): Storage {
  const { db } = adapter;
  let closed = false;
  let migrating: Promise<void> | null = null;

  const open = () => {
    if (closed) throw new StorageClosedError(`${adapter.driver} storage is closed`);
  };

  /**
   * Exactly-once application of one message: claim (jobId, seq), then write and record the
   * counts, all in one transaction. A redelivery finds the claim and writes nothing.
   */
  async function applyOnce(
    operation: string,
    jobId: string,
    seq: number,
    kind: BatchKind,
    source: string,
    write: (tx: Executor) => Promise<BatchCounts>,
  ): Promise<ApplyResult> {
    open();
    return guard(operation, async () => {
      await ensureRun(db, jobId, source);
      return db.transaction(async (tx) => {
        const prior = await claimBatch(tx, jobId, seq, kind);
        if (prior) return { applied: false, ...prior };
        const counts = await write(tx);
        await recordBatchCounts(tx, jobId, seq, counts);
        return { applied: true, ...counts };
      });
    });
  }

  return {
    driver: adapter.driver,

    migrate() {
      open();
      // Concurrent callers in one process share one run: an advisory lock is re-entrant
      // within a session, so it cannot serialise callers sharing PGlite's single session.
      migrating ??= adapter.migrate().finally(() => {
        migrating = null;
      });
      return migrating;
    },

    async ping() {
      open();
      try {
        await db.execute(sql`select 1`);
      } catch (err) {
        throw new StorageUnavailableError(`${adapter.driver} storage is unreachable`, { cause: err });
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      await adapter.close();
    },

    async applyRegions(jobId, seq, records) {
      assertJobSeq(jobId, seq);
      checkRegions(records);
      return applyOnce("applyRegions", jobId, seq, "regions", "", async (tx) => ({
        ...ZERO_COUNTS,
        regions: await upsertRegions(tx, records),
      }));
    },

    async applyObservations(jobId, seq, source, columns) {
      assertJobSeq(jobId, seq);
      assertSource(source);
      // Validate and serialise before the transaction opens, so it stays short.
      const batch = prepareObservations(columns, checkObservationColumns(columns));
      return applyOnce("applyObservations", jobId, seq, "observations", source, async (tx) => ({
        ...ZERO_COUNTS,
        ...(await upsertObservations(tx, source, batch)),
      }));
    },

    async applyQuarantine(jobId, seq, rows) {
      assertJobSeq(jobId, seq);
      checkQuarantine(jobId, rows);
      return applyOnce("applyQuarantine", jobId, seq, "quarantine", rows[0]?.source ?? "", async (tx) => ({
        ...ZERO_COUNTS,
        rejected: await insertQuarantine(tx, rows),
      }));
    },

    async recordManifest(manifest) {
      open();
      checkManifest(manifest);
      await guard("recordManifest", () => recordManifest(db, manifest));
    },

    async completeJobIfDone(jobId) {
      open();
      return guard("completeJobIfDone", async () => ((await markJobFinished(db, jobId)) ? jobSummary(db, jobId) : null));
    },

    async jobSummary(jobId) {
      open();
      return guard("jobSummary", () => jobSummary(db, jobId));
    },

    async listRegions() {
      open();
      const rows = await guard("listRegions", () => db.select().from(regions).orderBy(asc(regions.id)));
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        level: r.level,
        parentId: r.parentId,
        fips: r.fips,
        iso2: r.iso2,
        iso3: r.iso3,
        lat: r.lat,
        lon: r.lon,
        population: r.population,
      }));
    },

    async loadObservationSeries(source) {
      open();
      return guard("loadObservationSeries", () => loadObservationSeries(db, source));
    },

    async countObservations(source) {
      open();
      const where = source === undefined ? sql`` : sql`where source = ${source}`;
      const rows = await guard("countObservations", async () =>
        resultRows(await db.execute(sql`select count(*)::float8 as n from observations ${where}`)),
      );
      return Number(rows[0].n);
    },

    async getObservation(regionId, source, day) {
      open();
      const rows = await guard("getObservation", async () =>
        resultRows(
          await db.execute(sql`
            select cum_cases, new_cases, cum_deaths, new_deaths, revision
            from observations
            where source = ${source} and region_id = ${regionId}::int4
              and day = date '1970-01-01' + ${day}::int4`),
        ),
      );
      if (rows.length === 0) return null;
      const r = rows[0];
      return {
        cumCases: numOrNull(r.cum_cases),
        newCases: numOrNull(r.new_cases),
        cumDeaths: numOrNull(r.cum_deaths),
        newDeaths: numOrNull(r.new_deaths),
        revision: Number(r.revision),
      };
    },

    async listQuarantine(jobId) {
      open();
      const rows = await guard("listQuarantine", () =>
        db
          .select()
          .from(quarantinedRows)
          .where(eq(quarantinedRows.jobId, jobId))
          .orderBy(asc(quarantinedRows.line), asc(quarantinedRows.id)),
      );
      return rows.map((r) => ({ source: r.source, jobId: r.jobId, line: r.line, raw: r.raw, reason: r.reason }));
    },
  };
}
