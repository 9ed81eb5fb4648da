// The publication day of a file that carries no as_of column: its Last-Modified (HTTP header,
// or the local file's mtime), else the ingest time. Days since 1970-01-01, UTC. A Last-Modified
// outside the date window (a server clock at 1970, a far-future mtime) is not believed: stored
// as every row's as_of, it would put the whole file outside the window.
import { dayOfTime, isInstantInWindow } from "../../domain/mod.ts";

export function publishedDayOf(lastModified: string | undefined, now = Date.now()): number {
  const ms = lastModified ? Date.parse(lastModified) : Number.NaN;
  return dayOfTime(isInstantInWindow(ms, now) ? ms : now);
}
