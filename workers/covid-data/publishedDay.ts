// The publication day of a file that carries no as_of column: its Last-Modified (HTTP header,
// or the local file's mtime), else the ingest time. Days since 1970-01-01, UTC.
import { dayOfTime } from "../../domain/mod.ts";

export function publishedDayOf(lastModified: string | undefined, now = Date.now()): number {
  const ms = lastModified ? Date.parse(lastModified) : Number.NaN;
  return dayOfTime(Number.isFinite(ms) ? ms : now);
}
