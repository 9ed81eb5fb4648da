// The outbox of job completions. A job's final event is owed from the moment its run row is
// finished (finished_at set, announced_at null: both written by the completing statement) until
// JetStream has acknowledged the event. Whoever announces marks it; a sweep re-announces what a
// crash or a NATS outage left owed, so no waiter depends on one publish going through.
import { sql } from "drizzle-orm";
import { resultRows, type Executor } from "./rows.ts";

/**
 * Ends an unfinished job as failed with `error` (a dead letter: the job can never complete).
 * Creates the run row if no batch of the job was stored yet. True only for the caller that
 * made the transition; a job already finished keeps its end.
 */
export async function markJobFailed(db: Executor, jobId: string, source: string, error: string): Promise<boolean> {
  const rows = resultRows(
    await db.execute(sql`
      insert into ingest_runs (job_id, source, state, finished_at, error)
      values (${jobId}, ${source}, 'failed', now(), ${error})
      on conflict (job_id) do update set
        state = 'failed', finished_at = now(), error = excluded.error,
        source = case when ingest_runs.source = '' then excluded.source else ingest_runs.source end
      where ingest_runs.finished_at is null
      returning job_id`),
  );
  return rows.length > 0;
}

/** Job ids whose final event is still owed, oldest first. */
export async function unannouncedJobIds(db: Executor, limit: number): Promise<string[]> {
  const rows = resultRows(
    await db.execute(sql`
      select job_id from ingest_runs
      where announced_at is null and finished_at is not null
      order by finished_at
      limit ${limit}`),
  );
  return rows.map((r) => String(r.job_id));
}

export async function markJobAnnounced(db: Executor, jobId: string): Promise<void> {
  await db.execute(sql`update ingest_runs set announced_at = now() where job_id = ${jobId} and announced_at is null`);
}
