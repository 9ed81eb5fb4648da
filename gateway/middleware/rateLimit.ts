// Per-client rate limit: a token bucket per client key (API key or address). Past the burst a
// client gets 429 with Retry-After saying when the next token arrives.
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../problem.ts";
import type { RateLimitOptions } from "../types.ts";
import { createTokenBuckets } from "./tokenBuckets.ts";
import { hashApiKey, type ApiKeyVerifier } from "../auth/apiKeys.ts";
import { presentedKey } from "../auth/requireApiKey.ts";
import { addressBucket, clientAddress, createProxyList, type ProxyList } from "./clientAddress.ts";

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

export interface ClientKeyOptions {
  /** Keys that buy their own bucket when presented (admin, app, metrics keys). */
  keys?: readonly (ApiKeyVerifier | undefined)[];
  /** Peers whose X-Forwarded-For is believed (the load balancer); none = the header is ignored. */
  trustedProxies?: ProxyList;
}

/**
 * Who a request counts against: a valid key (clients behind one NAT are told apart, and a
 * key's bucket follows it from address to address), else the client address — the peer, or
 * what a trusted proxy says it forwarded for — with IPv6 grouped per /64. Only a key that
 * verifies counts: made-up keys must not buy fresh buckets.
 */
export function defaultClientKey(opts: ClientKeyOptions = {}): (req: Request, server: unknown) => string {
  const keys = (opts.keys ?? []).filter((k): k is ApiKeyVerifier => k !== undefined && k.size > 0);
  const proxies = opts.trustedProxies ?? createProxyList([]);
  return (req, server) => {
    const key = keys.length > 0 ? presentedKey(req) : null;
    if (key !== null && keys.some((k) => k.verify(key))) return `key:${hashApiKey(key)}`;
    const s = server as { requestIP?: (r: Request) => { address: string } | null } | undefined;
    const peer = typeof s?.requestIP === "function" ? s.requestIP(req)?.address : undefined;
    const ip = clientAddress(peer, req.headers.get("x-forwarded-for"), proxies);
    const bucket = ip === undefined ? null : addressBucket(ip);
    return bucket ? `ip:${bucket}` : "anonymous";
  };
}
