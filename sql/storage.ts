// The Storage implementation shared by both drivers: all query logic lives here and in the
// modules it calls; a driver only supplies a drizzle database, migrate and close.
import { asc, eq, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { guard } from "./driverError.ts";
import { StorageClosedError, StorageQueryError, StorageUnavailableError } from "./errors.ts";
import { claimBatch, ensureRun, jobSummary, markJobFinished, recordBatchCounts, recordManifest, ZERO_COUNTS, type BatchKind } from "./ledger.ts";
import { deleteDevicePresenceBefore, deviceActivity, insertDevicePresence } from "./devicePresence.ts";
import { markJobAnnounced, markJobFailed, unannouncedJobIds } from "./jobOutbox.ts";
import { countMobility, getMobility, loadMobilitySeries } from "./mobilitySeries.ts";
import { mobilityBatch, observationBatch, type RegionDayBatch } from "./regionDayTables.ts";
import { prepareBatch, writeRegionDays, type CopyIn } from "./regionDayWrite.ts";
import { createSeriesIds } from "./seriesIds.ts";
import { getSourceValidators, saveSourceValidators } from "./sourceValidators.ts";
import { insertQuarantine } from "./quarantineInsert.ts";
import { createRiskStorage } from "./riskStore.ts";
import { upsertRegions } from "./regionUpsert.ts";
import type { Executor } from "./rows.ts";
import { quarantinedRows, regions } from "./schema.ts";
import { countObservations, type DecodeWhereRun, getObservation, loadObservationSeries } from "./series.ts";
import type { ApplyResult, BatchCounts, QuarantineRecord, Storage } from "./types.ts";
import { createWeeklyStorage } from "./weeklyStorage.ts";
import {
  assertJobSeq,
  assertSource,
  checkActivityQuery,
  checkDevicePresence,
  checkInstant,
  checkManifest,
  checkMobilityColumns,
  checkObservationColumns,
  checkQuarantine,
  checkRegions,
  checkValidators,
} from "./validate.ts";

/** What a driver hands to createStorage. */
export interface DriverAdapter {
  driver: Storage["driver"];
  db: PgDatabase<PgQueryResultHKT>;
  /** Runs the migrations under the advisory lock, on one dedicated session. */
  migrate(): Promise<void>;
  /** Releases connections / the embedded instance. */
  close(): Promise<void>;
  /** Binary COPY inside a transaction of `db`, when the driver supports it (the bulk fast path). */
  copyIn?: CopyIn;
  /** Runs a series query and decodes its rows where it runs (PGlite on its worker thread): only typed arrays reach this thread. */
  decodeWhereRun?: DecodeWhereRun;
}

/** SQLSTATE unique_violation: an appended row met one another transaction committed meanwhile. */
const UNIQUE_VIOLATION = "23505";

export function createStorage(adapter: DriverAdapter): Storage {
  const { db } = adapter;
  let closed = false;
  let migrating: Promise<void> | null = null;
  const seriesIds = createSeriesIds();

  const open = () => {
    if (closed) throw new StorageClosedError(`${adapter.driver} storage is closed`);
  };

  /**
   * Exactly-once application of one message: claim (jobId, seq), then write and record the
   * counts, all in one transaction. A redelivery finds the claim and writes nothing.
   */
  async function applyOnce(operation: string, jobId: string, seq: number, kind: BatchKind, source: string, write: (tx: Executor) => Promise<BatchCounts>): Promise<ApplyResult> {
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

  /**
   * Region-day batches: the COPY payloads are encoded before the transaction opens, so it stays
   * short. If a concurrent transaction committed one of the keys we meant to append (between
   * our probe and our insert), the whole batch is applied again through the upsert, which merges.
   */
  async function applyRegionDays(
    operation: string,
    jobId: string,
    seq: number,
    kind: BatchKind,
    source: string,
    batch: RegionDayBatch,
    dropped: QuarantineRecord[],
  ): Promise<ApplyResult> {
    open();
    for (const part of batch.parts) {
      if (part.metric === undefined) continue;
      const id = await guard(operation, () => seriesIds.ensure(db, source, part.metric!));
      part.fixed = [{ column: "series_id", value: id, type: "int2" }];
    }
    const prepared = prepareBatch(batch, adapter.copyIn);
    const write = (appendNew: boolean) =>
      applyOnce(operation, jobId, seq, kind, source, async (tx) => ({
        ...ZERO_COUNTS,
        ...(await writeRegionDays(tx, prepared, { copyIn: adapter.copyIn, appendNew })),
        rejected: await insertQuarantine(tx, dropped),
      }));
    try {
      return await write(true);
    } catch (err) {
      if (!(err instanceof StorageQueryError) || err.code !== UNIQUE_VIOLATION) throw err;
      return write(false);
    }
  }

  return {
    ...createRiskStorage(db, open),
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
        throw new StorageUnavailableError(`ping ${adapter.driver}`, { cause: err });
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

    async applyObservations(jobId, seq, source, columns, dropped = []) {
      assertJobSeq(jobId, seq);
      assertSource(source);
      checkObservationColumns(columns);
      checkQuarantine(jobId, dropped);
      return applyRegionDays("applyObservations", jobId, seq, "observations", source, observationBatch(columns), dropped);
    },

    async applyMobility(jobId, seq, source, columns, dropped = []) {
      assertJobSeq(jobId, seq);
      assertSource(source);
      checkMobilityColumns(columns);
      checkQuarantine(jobId, dropped);
      return applyRegionDays("applyMobility", jobId, seq, "mobility", source, mobilityBatch(columns, source), dropped);
    },

    ...createWeeklyStorage(db, open, applyOnce),

    async recordDevicePresence(jobId, seq, rows) {
      assertJobSeq(jobId, seq);
      const hours = checkDevicePresence(rows);
      return applyOnce("recordDevicePresence", jobId, seq, "presence", "", async (tx) => {
        const inserted = await insertDevicePresence(tx, rows, hours);
        return { ...ZERO_COUNTS, accepted: inserted, unchanged: rows.length - inserted };
      });
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

    async failJob(jobId, source, error) {
      open();
      return guard("failJob", async () => ((await markJobFailed(db, jobId, source, error)) ? jobSummary(db, jobId) : null));
    },

    async unannouncedJobs(limit = 100) {
      open();
      return guard("unannouncedJobs", async () => {
        const ids = await unannouncedJobIds(db, limit);
        const out = [];
        for (const id of ids) {
          const s = await jobSummary(db, id);
          if (s) out.push(s);
        }
        return out;
      });
    },

    async markJobAnnounced(jobId) {
      open();
      await guard("markJobAnnounced", () => markJobAnnounced(db, jobId));
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
      return guard("loadObservationSeries", () => loadObservationSeries(db, source, adapter.decodeWhereRun));
    },

    async countObservations(source) {
      open();
      return guard("countObservations", () => countObservations(db, source));
    },

    async getObservation(regionId, source, day) {
      open();
      return guard("getObservation", () => getObservation(db, regionId, source, day));
    },

    async listQuarantine(jobId) {
      open();
      const rows = await guard("listQuarantine", () =>
        db.select().from(quarantinedRows).where(eq(quarantinedRows.jobId, jobId)).orderBy(asc(quarantinedRows.line), asc(quarantinedRows.id)),
      );
      return rows.map((r) => ({ source: r.source, jobId: r.jobId, line: r.line, raw: r.raw, reason: r.reason }));
    },

    async loadMobilitySeries(source) {
      open();
      return guard("loadMobilitySeries", () => loadMobilitySeries(db, source, adapter.decodeWhereRun));
    },

    async countMobility(source) {
      open();
      return guard("countMobility", () => countMobility(db, source));
    },

    async getMobility(regionId, source, day) {
      open();
      return guard("getMobility", () => getMobility(db, regionId, source, day));
    },

    async deviceActivity(regionId, fromIso, toIso, k) {
      open();
      const { from, to } = checkActivityQuery(regionId, fromIso, toIso, k);
      return guard("deviceActivity", () => deviceActivity(db, regionId, from, to, k));
    },

    async deleteDevicePresenceBefore(beforeIso) {
      open();
      const before = checkInstant("before", beforeIso);
      return guard("deleteDevicePresenceBefore", () => deleteDevicePresenceBefore(db, before));
    },

    async getSourceValidators(url) {
      open();
      return guard("getSourceValidators", () => getSourceValidators(db, url));
    },

    async saveSourceValidators(url, validators) {
      open();
      checkValidators(url, validators);
      await guard("saveSourceValidators", () => saveSourceValidators(db, url, validators));
    },
  };
}
