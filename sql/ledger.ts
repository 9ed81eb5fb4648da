// The ingest ledger: ingest_runs (one per job) and ingest_batches (one per applied message),
// which makes applying a message exactly-once and tells when a job is complete.
import { sql } from "drizzle-orm";
import type { BatchCounts, JobManifest, JobSummary } from "./types.ts";
import { firstRow, numOrNull, resultRows, strOrNull, type Executor, type Row } from "./rows.ts";

export type BatchKind = "regions" | "observations" | "quarantine" | "mobility" | "presence" | "weekly";

export const ZERO_COUNTS: BatchCounts = { accepted: 0, unchanged: 0, revised: 0, rejected: 0, regions: 0 };

/**
 * Creates the run row if missing (state running). Called outside the batch transaction:
 * inside it, a concurrent batch of the same job would wait on our uncommitted insert and
 * the job's batches would be applied one at a time. Fills in the source once known.
 */
export async function ensureRun(db: Executor, jobId: string, source: string): Promise<void> {
  await db.execute(sql`
    insert into ingest_runs (job_id, source) values (${jobId}, ${source})
    on conflict (job_id) do update set source = excluded.source
    where ingest_runs.source = '' and excluded.source <> ''`);
}

/**
 * Claims (jobId, seq) inside the batch transaction. Returns null when the claim is new, or
 * the counts recorded by the earlier application when this is a redelivery. A concurrent
 * duplicate blocks on the unique key until the first commits, then sees its row.
 */
export async function claimBatch(db: Executor, jobId: string, seq: number, kind: BatchKind): Promise<BatchCounts | null> {
  const claimed = resultRows(
    await db.execute(sql`
      insert into ingest_batches (job_id, seq, kind) values (${jobId}, ${seq}, ${kind})
      on conflict (job_id, seq) do nothing
      returning 1 as claimed`),
  );
  if (claimed.length > 0) return null;
  const row = firstRow(
    await db.execute(sql`
      select accepted, unchanged, revised, rejected, regions
      from ingest_batches where job_id = ${jobId} and seq = ${seq}`),
  );
  return countsOf(row);
}

export async function recordBatchCounts(db: Executor, jobId: string, seq: number, c: BatchCounts): Promise<void> {
  await db.execute(sql`
    update ingest_batches
    set accepted = ${c.accepted}, unchanged = ${c.unchanged}, revised = ${c.revised},
        rejected = ${c.rejected}, regions = ${c.regions}
    where job_id = ${jobId} and seq = ${seq}`);
}

/** Idempotent: the same manifest recorded twice leaves the same row; state is not touched. */
export async function recordManifest(db: Executor, m: JobManifest): Promise<void> {
  const startedAt = new Date(m.startedAt).toISOString();
  await db.execute(sql`
    insert into ingest_runs (job_id, source, batches_expected, rows_read, bytes_read, rows_skipped, source_url, etag, last_modified, started_at, error)
    values (${m.jobId}, ${m.source}, ${m.batches}, ${m.rowsRead}, ${m.bytesRead}, ${m.rowsSkipped ?? 0},
            ${m.fetched?.url ?? null}, ${m.fetched?.etag ?? null}, ${m.fetched?.lastModified ?? null}, ${startedAt}::timestamptz, ${m.error ?? null})
    on conflict (job_id) do update set
      source = excluded.source, batches_expected = excluded.batches_expected,
      rows_read = excluded.rows_read, bytes_read = excluded.bytes_read, rows_skipped = excluded.rows_skipped,
      source_url = excluded.source_url, etag = excluded.etag, last_modified = excluded.last_modified,
      started_at = excluded.started_at,
      -- A job already ended (dead-lettered) keeps the reason it ended with.
      error = case when ingest_runs.finished_at is null then excluded.error else ingest_runs.error end`);
}

/**
 * One UPDATE that only matches while the job is unfinished and every expected batch is in.
 * Under concurrency the second UPDATE re-checks `finished_at is null` after the first
 * commits and matches nothing, so exactly one caller sees the transition. In the same
 * statement, a job that ends done makes the validators of the URL it fetched current.
 */
export async function markJobFinished(db: Executor, jobId: string): Promise<boolean> {
  const rows = resultRows(
    await db.execute(sql`
      with finished as (
        update ingest_runs
        set state = case when error is null then 'done' else 'failed' end, finished_at = now()
        where job_id = ${jobId}
          and finished_at is null
          and batches_expected is not null
          and batches_expected = (select count(*) from ingest_batches where job_id = ${jobId})
        returning job_id, state, source_url, etag, last_modified
      ), validators as (
        insert into source_validators (url, etag, last_modified)
        select source_url, etag, last_modified from finished
        where state = 'done' and source_url is not null and (etag is not null or last_modified is not null)
        on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified, updated_at = now()
      )
      select job_id from finished`),
  );
  return rows.length > 0;
}

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export async function jobSummary(db: Executor, jobId: string): Promise<JobSummary | null> {
  const iso = (col: string) => sql.raw(`to_char(r.${col} at time zone 'UTC', ${ISO_UTC})`);
  const rows = resultRows(
    await db.execute(sql`
      select r.job_id, r.source, r.state, r.batches_expected, r.rows_read::float8 as rows_read,
             r.bytes_read::float8 as bytes_read, coalesce(r.rows_skipped, 0)::float8 as rows_skipped, ${iso("started_at")} as started_at,
             ${iso("finished_at")} as finished_at, r.error,
             b.batches_done, b.accepted, b.unchanged, b.revised, b.rejected, b.regions
      from ingest_runs r
      cross join lateral (
        select count(*)::int as batches_done,
               coalesce(sum(accepted), 0)::float8 as accepted,
               coalesce(sum(unchanged), 0)::float8 as unchanged,
               coalesce(sum(revised), 0)::float8 as revised,
               coalesce(sum(rejected), 0)::float8 as rejected,
               coalesce(sum(regions), 0)::float8 as regions
        from ingest_batches where job_id = r.job_id
      ) b
      where r.job_id = ${jobId}`),
  );
  if (rows.length === 0) return null;
  const row = rows[0];
  return {
    jobId: String(row.job_id),
    source: String(row.source),
    state: row.state as JobSummary["state"],
    batchesDone: Number(row.batches_done),
    batchesExpected: numOrNull(row.batches_expected),
    rowsRead: numOrNull(row.rows_read),
    bytesRead: numOrNull(row.bytes_read),
    skipped: Number(row.rows_skipped),
    startedAt: strOrNull(row.started_at),
    finishedAt: strOrNull(row.finished_at),
    error: strOrNull(row.error),
    ...countsOf(row),
  };
}

function countsOf(row: Row): BatchCounts {
  return {
    accepted: Number(row.accepted),
    unchanged: Number(row.unchanged),
    revised: Number(row.revised),
    rejected: Number(row.rejected),
    regions: Number(row.regions),
  };
}
