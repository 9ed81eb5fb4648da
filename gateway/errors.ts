// The one place where errors become HTTP answers.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { STATUS_CODES } from "node:http";
import { MeshNoRespondersError, MeshRemoteError, MeshTimeoutError, MeshClosedError } from "../mesh/mod.ts";
import { PROBLEM_CONTENT_TYPE, ProblemError } from "./problem.ts";

const REMOTE_TITLES: Record<number, string> = { 404: "Not Found", 409: "Conflict", 503: "Service Unavailable" };

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
    const status = err.status && err.status >= 400 && err.status < 600 ? err.status : 502;
    const headers: Record<string, string> = status === 503 ? { "Retry-After": "5" } : {};
    return new ProblemError(status as 400, REMOTE_TITLES[status] ?? (status < 500 ? "Bad Request" : "Bad Gateway"), err.message, { code: err.code }, headers, { cause: err });
  }
  return new ProblemError(500, "Internal Server Error", "an unexpected error occurred", {}, {}, { cause: err });
}

export function problemResponse(c: Context, err: unknown): Response {
  const problem = toProblem(err);
  const body = problem.body(new URL(c.req.url).pathname);
  const headers: Record<string, string> = { "content-type": PROBLEM_CONTENT_TYPE, ...problem.headers };
  const correlationId = c.get("correlationId" as never) as string | undefined;
  if (correlationId) headers["x-correlation-id"] = correlationId;
  return new Response(JSON.stringify(body), { status: problem.status, headers });
}
