// Stores rejected source rows with their line, raw text and reason.
import { sql } from "drizzle-orm";
import type { QuarantineRecord } from "./types.ts";
import { firstRow, type Executor } from "./rows.ts";

// Postgres text cannot hold NUL, and JSON cannot carry lone surrogates into jsonb; a raw line
// from a damaged file may contain either. Replace them visibly rather than lose the row.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this pattern is for.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function storableText(s: string): string {
  return s.replace(UNSTORABLE, "\ufffd");
}

export async function insertQuarantine(db: Executor, rows: QuarantineRecord[]): Promise<number> {
  if (rows.length === 0) return 0;
  const json = JSON.stringify(
    rows.map((r) => ({
      source: storableText(r.source),
      job_id: r.jobId,
      line: r.line,
      raw: storableText(r.raw),
      reason: storableText(r.reason),
    })),
  );
  const result = await db.execute(sql`
    with ins as (
      insert into quarantined_rows (source, job_id, line, raw, reason)
      select source, job_id, line, raw, reason
      from jsonb_to_recordset(${json}::text::jsonb)
        as t(source text, job_id text, line int4, raw text, reason text)
      returning 1
    )
    select count(*)::int as n from ins`);
  return Number(firstRow(result).n);
}
