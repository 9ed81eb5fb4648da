// Has a source changed since the version we saw last? One conditional request for a URL
// (If-None-Match / If-Modified-Since: an unchanged source answers 304 with no body), one stat
// for a file. Only a server without validators costs a download, hashed as it streams.
// A URL is checked under the same fetch policy as the ingest job that would read it
// (pipelines/guardedFetch.ts): allow-listed hosts, public addresses after DNS at every redirect
// hop, connect/header/idle-read timeouts. A poller configured with (or redirected to) a
// loopback or metadata address must not be a way around what the covid-data worker refuses.
import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { guardedFetch, type FetchPolicy } from "../../pipelines/mod.ts";
import { SourceCheckError } from "./errors.ts";
import type { SourceVersion } from "./types.ts";

export interface SourceCheck {
  changed: boolean;
  /** The version now published (the previous one when unchanged). */
  version: SourceVersion;
}

export interface SourceCheckOptions {
  /** The whole check, download included (default 30 s); each hop also has the policy's timeouts. */
  timeoutMs?: number;
  /** What the check may fetch: the policy of the polled source (pipelines sourceFetchPolicy). */
  policy: FetchPolicy;
}

export async function checkSource(spec: { url?: string; file?: string }, previous: SourceVersion | null, opts: SourceCheckOptions): Promise<SourceCheck> {
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
  const headers = new Headers();
  if (previous?.etag) headers.set("if-none-match", previous.etag);
  if (previous?.lastModified) headers.set("if-modified-since", previous.lastModified);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new SourceCheckError(url, "not a valid URL", undefined, { cause: err });
  }
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
  let res: Response;
  let chunks: () => AsyncGenerator<Uint8Array>;
  try {
    ({ response: res, chunks } = await guardedFetch(parsed, opts.policy, { headers, signal }));
  } catch (err) {
    // The cause keeps its class (SourceNotAllowedError, SourceTimeoutError, SourceFetchError).
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
    fingerprint = `sha256:${await hashBody(url, chunks())}`;
  }
  const version: SourceVersion = { etag, lastModified, fingerprint };
  return previous?.fingerprint === fingerprint ? { changed: false, version: previous } : { changed: true, version };
}

async function hashBody(url: string, chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of chunks) hash.update(chunk);
  } catch (err) {
    throw new SourceCheckError(url, `download failed: ${(err as Error).message}`, undefined, { cause: err });
  }
  return hash.digest("hex");
}
