// Correlation id and access log: every request gets an id (the client's X-Correlation-Id if it
// is sane, else a new UUID) that goes to the mesh in the envelope, into every log line, and
// back in the response header.
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../../mesh/mod.ts";

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
export const CORRELATION_HEADER = "x-correlation-id";

export function correlationId(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header(CORRELATION_HEADER);
    const id = incoming && CORRELATION_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("correlationId" as never, id as never);
    // Set before the handler runs so that c.json()/c.body() carry it without copying the response.
    c.header(CORRELATION_HEADER, id);
    const started = performance.now();
    await next();
    if (log.isLevelEnabled("info")) {
      log.info({ correlationId: id, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 100) / 100 }, "request");
    }
  };
}
