// HTTP validators (ETag, Last-Modified) per URL, so a re-fetch can be conditional.
import { sql } from "drizzle-orm";
import type { SourceValidators } from "./types.ts";
import { resultRows, strOrNull, type Executor } from "./rows.ts";

export async function getSourceValidators(db: Executor, url: string): Promise<SourceValidators | null> {
  const rows = resultRows(await db.execute(sql`select etag, last_modified from source_validators where url = ${url}`));
  if (rows.length === 0) return null;
  return { etag: strOrNull(rows[0].etag), lastModified: strOrNull(rows[0].last_modified) };
}

export async function saveSourceValidators(db: Executor, url: string, v: SourceValidators): Promise<void> {
  await db.execute(sql`
    insert into source_validators (url, etag, last_modified) values (${url}, ${v.etag}, ${v.lastModified})
    on conflict (url) do update set etag = excluded.etag, last_modified = excluded.last_modified, updated_at = now()`);
}
