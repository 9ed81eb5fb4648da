// Answers that never change while the process runs (the OpenAPI document) are rendered once:
// the first 200 is kept and replayed. Rendering /openapi.json took 140–450 ms per request, which an
// anonymous client could otherwise ask for in a loop.
import type { MiddlewareHandler } from "hono";

export function cacheOnce(): MiddlewareHandler {
  let kept: { body: ArrayBuffer; headers: Record<string, string> } | null = null;
  return async (c, next) => {
    // c.body keeps what earlier middleware set on this request (its correlation id).
    if (kept && c.req.method === "GET") return c.body(kept.body, 200, kept.headers);
    await next();
    if (c.req.method === "GET" && c.res.status === 200 && !kept) {
      const res = c.res.clone();
      // Per-request headers (the correlation id) are not replayed.
      const headers = Object.fromEntries([...res.headers].filter(([name]) => name !== "x-correlation-id"));
      kept = { body: await res.arrayBuffer(), headers };
    }
  };
}
