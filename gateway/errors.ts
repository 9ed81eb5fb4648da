// The one place where errors become HTTP answers.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { STATUS_CODES } from "node:http";
import { type ErrorCode, isErrorCode } from "../domain/mod.ts";
import { MeshNoRespondersError, MeshRemoteError, MeshTimeoutError, MeshClosedError } from "../mesh/mod.ts";
import { PROBLEM_CONTENT_TYPE, ProblemError } from "./problem.ts";

/** The HTTP status of each error code a worker answers with (domain/errorCodes.ts). */
const STATUS_OF: Record<ErrorCode, 400 | 404 | 502 | 503> = {
  bad_request: 400,
  bad_range: 400,
  unknown_region: 404,
  no_region: 404,
  no_data: 404,
  no_data_for_date: 404,
  no_data_in_range: 404,
  insufficient_history: 404,
  no_hosp_forecast: 404,
  not_loaded: 503,
  weekly_unavailable: 503,
  no_regions: 503,
  busy: 503,
  storage_unavailable: 503,
  // A worker's bug or an unexpected failure: the gateway is fine, what stands behind it is not.
  internal: 502,
};

const TITLES: Record<number, string> = { 400: "Bad Request", 404: "Not Found", 502: "Bad Gateway", 503: "Service Unavailable" };

/** A code this gateway does not know (a newer worker) is a 502 like `internal`. */
export function statusOfCode(code: string): 400 | 404 | 502 | 503 {
  return isErrorCode(code) ? STATUS_OF[code] : 502;
}

export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  // Hono's own refusals (e.g. malformed JSON from the body validator) keep their status.
  if (err instanceof HTTPException) {
    const status = err.status >= 400 && err.status < 600 ? err.status : 500;
    return new ProblemError(status as 400, STATUS_CODES[status] ?? "Error", err.message || undefined, {}, {}, { cause: err });
  }
  if (err instanceof MeshTimeoutError) {
    return new ProblemError(503, "Service Unavailable", "the mesh did not answer within the request deadline", {}, { "Retry-After": "1" }, { cause: err });
  }
  if (err instanceof MeshNoRespondersError || err instanceof MeshClosedError) {
    return new ProblemError(503, "Service Unavailable", "no worker is available to answer this request", {}, { "Retry-After": "2" }, { cause: err });
  }
  if (err instanceof MeshRemoteError) {
    const status = statusOfCode(err.code);
    const headers: Record<string, string> = status === 503 ? { "Retry-After": "5" } : {};
    return new ProblemError(status, TITLES[status], err.message, { code: err.code }, headers, { cause: err });
  }
  return new ProblemError(500, "Internal Server Error", "an unexpected error occurred", {}, {}, { cause: err });
}

export function problemResponse(c: Context, err: unknown): Response {
  return problemResponseOf(err, new URL(c.req.url).pathname, c.get("correlationId" as never) as string | undefined);
}

/** The same answer for a request answered before Hono (risk/edgeFresh.ts): no Context. */
export function problemResponseOf(err: unknown, path: string, correlationId: string | undefined): Response {
  const problem = toProblem(err);
  const body = problem.body(path);
  const headers: Record<string, string> = { "content-type": PROBLEM_CONTENT_TYPE, ...problem.headers };
  if (correlationId) headers["x-correlation-id"] = correlationId;
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}
