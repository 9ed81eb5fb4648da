// Correlation id and access log: every request gets an id (the client's X-Correlation-Id if it
// is sane, else a new UUID) that goes to the mesh in the envelope, into every log line, and
// back in the response header. app.ts runs these inside its one per-request middleware
// (requestBasics.ts); correlationId() is the same as a middleware of its own.
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "../../mesh/mod.ts";
import { accessLineWriter, type AccessLineWriter } from "./accessLine.ts";

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const CORRELATION_HEADER = "x-correlation-id";

/** The client's id if it is sane, else a new one. */
export function correlationIdOf(incoming: string | null | undefined): string {
  return incoming && CORRELATION_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/** Gives the request its id (context variable and response header) and returns it. */
export function startCorrelation(c: Context): string {
  const id = correlationIdOf(c.req.header(CORRELATION_HEADER));
  c.set("correlationId" as never, id as never);
  // Set before the handler runs so that c.json()/c.body() carry it without copying the response.
  c.header(CORRELATION_HEADER, id);
  return id;
}

/** The access-log line of an answered request (`started`: performance.now() when it came in). */
export function logRequest(log: Logger, c: Context, id: string, started: number): void {
  if (log.isLevelEnabled("info")) logAnswered(log, id, c.req.method, c.req.path, c.res.status, started);
}

/** How each logger writes its access line: by hand for a plain pino logger (accessLine.ts). */
const writers = new WeakMap<Logger, AccessLineWriter>();

function writerOf(log: Logger): AccessLineWriter {
  let w = writers.get(log);
  if (w === undefined) {
    w = accessLineWriter(log) ?? ((correlationId, method, path, status, ms) => log.info({ correlationId, method, path, status, ms }, "request"));
    writers.set(log, w);
  }
  return w;
}

/** The same line for a request answered before Hono (risk/edgeHit.ts). */
export function logAnswered(log: Logger, id: string, method: string, path: string, status: number, started: number): void {
  writerOf(log)(id, method, path, status, Math.round((performance.now() - started) * 100) / 100);
}

export function correlationId(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const id = startCorrelation(c);
    const started = performance.now();
    await next();
    logRequest(log, c, id, started);
  };
}
