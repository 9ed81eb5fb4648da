// Token buckets keyed by client, in one Map. Full buckets carry no information, so the map is
// swept of them when it grows: memory stays bounded by the clients active right now.
import type { RateLimitOptions } from "../types.ts";

export interface TokenBuckets {
  /** Takes one token for `key` at time `nowMs`; returns 0, or the ms until a token is available. */
  take(key: string, nowMs: number): number;
  size(): number;
}

const SWEEP_AT = 10_000;

export function createTokenBuckets(opts: RateLimitOptions): TokenBuckets {
  const perMs = opts.ratePerSecond / 1000;
  const burst = Math.max(1, opts.burst);
  const tokens = new Map<string, { tokens: number; at: number }>();

  const sweep = (now: number) => {
    for (const [k, b] of tokens) if (b.tokens + (now - b.at) * perMs >= burst) tokens.delete(k);
  };

  return {
    take(key, now) {
      if (opts.ratePerSecond <= 0) return 0;
      let b = tokens.get(key);
      if (!b) {
        if (tokens.size >= SWEEP_AT) sweep(now);
        b = { tokens: burst, at: now };
        tokens.set(key, b);
      } else {
        b.tokens = Math.min(burst, b.tokens + (now - b.at) * perMs);
        b.at = now;
      }
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (1 - b.tokens) / perMs;
    },
    size: () => tokens.size,
  };
}
