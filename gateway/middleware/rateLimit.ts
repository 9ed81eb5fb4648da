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
  return createRateLimiter(opts, clientKey).middleware;
}

/**
 * Requests whose token a path before the middleware has already taken (risk/edgeHit.ts) and then
 * handed on: the middleware does not charge them again.
 */
const prepaid = new WeakSet<Request>();

export interface RateLimiter {
  middleware: MiddlewareHandler;
  /**
   * Takes one token for the request's client: 0, or the ms until one is available. For a path
   * that answers before the middleware (risk/edgeHit.ts): it shares the middleware's buckets.
   */
  take(req: Request, server: unknown): number;
  /** Marks a request whose token take() has granted, before handing it on to the middleware. */
  prepaid(req: Request): void;
}

export function createRateLimiter(opts: RateLimitOptions, clientKey: (req: Request, server: unknown) => string): RateLimiter {
  if (opts.ratePerSecond <= 0) return { middleware: async (_c, next) => next(), take: () => 0, prepaid: () => {} }; // limit off: not even a key lookup
  const buckets = createTokenBuckets(opts);
  const take = (req: Request, server: unknown) => buckets.take(clientKey(req, server), performance.now());
  const middleware: MiddlewareHandler = async (c, next) => {
    if (prepaid.has(c.req.raw)) return next();
    const wait = take(c.req.raw, c.env);
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
  return { middleware, take, prepaid: (req) => prepaid.add(req) };
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
