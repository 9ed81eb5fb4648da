// Conditional GET for answers that change about once a day: ETag + Cache-Control on every
// answer, 304 without a body when the client's If-None-Match already names this version.
import type { Context } from "hono";
import type { CachedAnswer } from "./edgeCache.ts";

export const JSON_TYPE = "application/json; charset=UTF-8";

export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
  for (const tag of ifNoneMatch.split(",")) {
    const t = tag.trim();
    if (t === etag || (t.startsWith("W/") && t.slice(2) === etag)) return true;
  }
  return false;
}

export function conditionalResponse(c: Context, answer: CachedAnswer, opts: { maxAgeSeconds: number; cacheStatus?: "hit" | "miss"; contentType?: string }): Response {
  const headers: Record<string, string> = {
    etag: answer.etag,
    "cache-control": `public, max-age=${opts.maxAgeSeconds}`,
  };
  if (opts.cacheStatus) headers["x-cache"] = opts.cacheStatus;
  if (matchesEtag(c.req.header("if-none-match"), answer.etag)) return c.body(null, 304, headers);
  headers["content-type"] = opts.contentType ?? JSON_TYPE;
  return c.body(answer.body, 200, headers);
}
