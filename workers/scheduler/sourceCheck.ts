// Has a source changed since the version we saw last? One conditional request for a URL
// (If-None-Match / If-Modified-Since: an unchanged source answers 304 with no body), one stat
// for a file. Only a server without validators costs a download, hashed as it streams.
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { SourceCheckError } from "./errors.ts";
import type { SourceVersion } from "./types.ts";

export interface SourceCheck {
  changed: boolean;
  /** The version now published (the previous one when unchanged). */
  version: SourceVersion;
}

export interface SourceCheckOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function checkSource(spec: { url?: string; file?: string }, previous: SourceVersion | null, opts: SourceCheckOptions = {}): Promise<SourceCheck> {
  if (spec.file) return checkFile(spec.file, previous);
  if (spec.url) return checkUrl(spec.url, previous, opts);
  throw new SourceCheckError("(none)", "a poller needs a url or a file");
}

async function checkFile(path: string, previous: SourceVersion | null): Promise<SourceCheck> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw new SourceCheckError(path, (err as Error).message, undefined, { cause: err });
  }
  const version: SourceVersion = { etag: null, lastModified: info.mtime.toUTCString(), fingerprint: `file:${info.size}:${info.mtimeMs}` };
  return previous?.fingerprint === version.fingerprint ? { changed: false, version: previous } : { changed: true, version };
}

async function checkUrl(url: string, previous: SourceVersion | null, opts: SourceCheckOptions): Promise<SourceCheck> {
  const headers: Record<string, string> = {};
  if (previous?.etag) headers["if-none-match"] = previous.etag;
  if (previous?.lastModified) headers["if-modified-since"] = previous.lastModified;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, { headers, redirect: "follow", signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
  } catch (err) {
    throw new SourceCheckError(url, (err as Error).message, undefined, { cause: err });
  }
  if (res.status === 304 && previous) {
    await res.body?.cancel();
    return { changed: false, version: previous };
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new SourceCheckError(url, `HTTP ${res.status} ${res.statusText}`.trim(), res.status);
  }
  const etag = res.headers.get("etag");
  const lastModified = res.headers.get("last-modified");
  let fingerprint: string;
  if (etag || lastModified) {
    // The validators identify the version: the body is not needed (the ingest job reads it).
    await res.body?.cancel();
    fingerprint = `http:${etag ?? ""}|${lastModified ?? ""}`;
  } else {
    fingerprint = `sha256:${await hashBody(url, res)}`;
  }
  const version: SourceVersion = { etag, lastModified, fingerprint };
  return previous?.fingerprint === fingerprint ? { changed: false, version: previous } : { changed: true, version };
}

async function hashBody(url: string, res: Response): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of res.body ?? []) hash.update(chunk as Uint8Array);
  } catch (err) {
    throw new SourceCheckError(url, `download failed: ${(err as Error).message}`, undefined, { cause: err });
  }
  return hash.digest("hex");
}
