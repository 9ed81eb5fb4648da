// Per-client rate limit: a token bucket per client key (API key or address). Past the burst a
// client gets 429 with Retry-After saying when the next token arrives.
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../problem.ts";
import type { RateLimitOptions } from "../types.ts";
import { createTokenBuckets } from "./tokenBuckets.ts";
import { hashApiKey, type ApiKeyVerifier } from "../auth/apiKeys.ts";
import { presentedKey } from "../auth/requireApiKey.ts";

export function rateLimit(opts: RateLimitOptions, clientKey: (req: Request, server: unknown) => string): MiddlewareHandler {
  if (opts.ratePerSecond <= 0) return async (_c, next) => next(); // limit off: not even a key lookup
  const buckets = createTokenBuckets(opts);
  return async (c, next) => {
    const wait = buckets.take(clientKey(c.req.raw, c.env), performance.now());
    if (wait > 0) {
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new ProblemError(
        429,
        "Too Many Requests",
        `rate limit of ${opts.ratePerSecond} requests/s (burst ${opts.burst}) exceeded; retry in ${seconds} s`,
        {},
        { "Retry-After": String(seconds) },
      );
    }
    await next();
  };
}

/**
 * Who a request counts against: a valid API key (clients behind one NAT are told apart), else
 * the peer address. Only a key that verifies counts: made-up keys must not buy fresh buckets.
 */
export function defaultClientKey(keys?: ApiKeyVerifier): (req: Request, server: unknown) => string {
  return (req, server) => {
    const key = keys && keys.size > 0 ? presentedKey(req) : null;
    if (key !== null && keys!.verify(key)) return `key:${hashApiKey(key)}`;
    const s = server as { requestIP?: (r: Request) => { address: string } | null } | undefined;
    const ip = typeof s?.requestIP === "function" ? s.requestIP(req)?.address : undefined;
    return ip ? `ip:${ip}` : "anonymous";
  };
}
