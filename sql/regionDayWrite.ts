// Writes one region-day batch inside the batch transaction and counts it per region-day.
// With a driver that has COPY, the batch is first loaded into a session-local staging table in
// binary (no constraints there, so the COPY cannot be rejected for data reasons). Each part is
// then either appended with a plain INSERT, when the target holds nothing in the day ranges of
// the batch's regions, or merged with the revision-aware upsert.
import { sql, type SQL } from "drizzle-orm";
import { encodeCopyBinary } from "./copyBinary.ts";
import { STAGE_COLUMNS, type RegionDayBatch, type RegionDayTableName } from "./regionDayTables.ts";
import { anyStoredInRanges, insertPart, literalRows, upsertPart, type UpsertResult } from "./regionDayUpsert.ts";
import type { Executor } from "./rows.ts";

/** Bulk load for drivers that support it: runs the COPY … FROM STDIN statement in `tx` with `data`. */
export type CopyIn = (tx: Executor, statement: string, data: Uint8Array) => Promise<void>;

export interface RegionDayCounts {
  accepted: number;
  unchanged: number;
  revised: number;
}

export interface WriteOptions {
  copyIn?: CopyIn;
  /** Try the plain-INSERT path for parts whose box is empty (off for a retry after a race). */
  appendNew: boolean;
}

/** A batch ready to write: its COPY payload is encoded before the transaction opens. */
export interface PreparedBatch {
  batch: RegionDayBatch;
  copy: Uint8Array | null;
}

export function prepareBatch(batch: RegionDayBatch, copyIn: CopyIn | undefined): PreparedBatch {
  return { batch, copy: copyIn && batch.regionId.length > 0 ? encodeCopyBinary(batch) : null };
}

const stageTable = (table: RegionDayTableName) => `covidmesh_stage_${table}`;

/** Temp tables are per session, emptied at each commit or rollback; created on first use. */
async function stage(tx: Executor, batch: RegionDayBatch, data: Uint8Array, copyIn: CopyIn): Promise<SQL> {
  const name = stageTable(batch.table);
  const cols = STAGE_COLUMNS[batch.table].map((c) => `${c} float8`).join(", ");
  await tx.execute(sql.raw(`create temp table if not exists ${name} (region_id int4, day date, ${cols}) on commit delete rows`));
  await copyIn(tx, `copy ${name} (region_id, day, ${batch.columns.join(", ")}) from stdin (format binary)`, data);
  return sql.raw(name);
}

export async function writeRegionDays(tx: Executor, prepared: PreparedBatch, opts: WriteOptions): Promise<RegionDayCounts> {
  const { batch, copy } = prepared;
  const n = batch.regionId.length;
  if (n === 0) return { accepted: 0, unchanged: 0, revised: 0 };
  const rows = opts.copyIn && copy ? await stage(tx, batch, copy, opts.copyIn) : literalRows(batch);
  const many = batch.parts.length > 1;
  const results: (UpsertResult | "appended")[] = [];
  for (const part of batch.parts) {
    if (opts.appendNew && !(await anyStoredInRanges(tx, batch, part))) {
      await insertPart(tx, batch.table, part, rows);
      results.push("appended");
    } else {
      results.push(await upsertPart(tx, batch.table, part, rows, many));
    }
  }
  if (!many) {
    const r = results[0];
    if (r === "appended") return { accepted: n, unchanged: 0, revised: 0 };
    const { written, inserted } = r as Extract<UpsertResult, { kind: "counts" }>;
    return { accepted: written, unchanged: n - written, revised: written - inserted };
  }
  return mergeParts(batch, results);
}

/** A region-day is accepted when any of its parts wrote a row, and revised when one of those rows already existed. */
function mergeParts(batch: RegionDayBatch, results: (UpsertResult | "appended")[]): RegionDayCounts {
  const n = batch.regionId.length;
  const revisedByKey = new Map<string, boolean>();
  const key = (r: number, d: number) => `${r}:${d}`;
  for (const r of results) {
    if (r === "appended") {
      for (let i = 0; i < n; i++) {
        const k = key(batch.regionId[i], batch.day[i]);
        if (!revisedByKey.has(k)) revisedByKey.set(k, false);
      }
    } else if (r.kind === "rows") {
      for (let i = 0; i < r.regionId.length; i++) {
        const k = key(r.regionId[i], r.day[i]);
        revisedByKey.set(k, (revisedByKey.get(k) ?? false) || !r.inserted[i]);
      }
    }
  }
  let revised = 0;
  for (const v of revisedByKey.values()) if (v) revised++;
  return { accepted: revisedByKey.size, unchanged: n - revisedByKey.size, revised };
}
