// Errors of fetching a source URL under a fetch policy (pipelines/fetchPolicy.ts).
import { PipelineError } from "./errors.ts";

/**
 * The URL, a redirect target or the file path is not one this deployment may read: a host
 * off the source's allow-list, an address that is private, loopback or link-local, a scheme
 * other than http(s), or a file outside the ingest root or behind a symlink.
 */
export class SourceNotAllowedError extends PipelineError {
  override name = "SourceNotAllowedError";
  constructor(
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`not allowed to read ${location}: ${reason}`, options);
  }
}

/** Connecting, the response headers or the next body bytes took longer than the policy allows. */
export class SourceTimeoutError extends PipelineError {
  override name = "SourceTimeoutError";
  constructor(
    readonly location: string,
    readonly phase: "connect" | "headers" | "read" | "deadline",
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${location}: no ${phase === "read" ? "bytes" : phase} within ${timeoutMs} ms`, options);
  }
}
