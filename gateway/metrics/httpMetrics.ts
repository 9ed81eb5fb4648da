// HTTP metrics of one gateway app: request rate and latency per route, errors by status, and
// the edge cache's hit ratio. Mesh round-trip times come from the process registry (mesh/).
import type { MiddlewareHandler } from "hono";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { EdgeCacheStats } from "../cache/edgeCache.ts";

export interface HttpMetrics {
  registry: Registry;
  middleware: MiddlewareHandler;
}

const BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** `caches`: the edge caches whose figures are reported, summed (answers, risk frames). */
export function createHttpMetrics(caches: ReadonlyArray<{ stats(): EdgeCacheStats }>): HttpMetrics {
  const cache = {
    stats: (): EdgeCacheStats => {
      const sum = { size: 0, hits: 0, misses: 0, invalidations: 0 };
      for (const c of caches) {
        const s = c.stats();
        sum.size += s.size;
        sum.hits += s.hits;
        sum.misses += s.misses;
        // Dropped together on one event: count the event once.
        sum.invalidations = Math.max(sum.invalidations, s.invalidations);
      }
      return sum;
    },
  };
  const registry = new Registry();
  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests answered, by method, route template and status.",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const errors = new Counter({
    name: "http_request_errors_total",
    help: "HTTP answers with status ≥ 400, by route template and status.",
    labelNames: ["route", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time from request to response headers, by method and route template.",
    labelNames: ["method", "route"],
    buckets: BUCKETS_S,
    registers: [registry],
  });
  new Gauge({
    name: "edge_cache_entries",
    help: "Answers held by the gateway's edge cache.",
    registers: [registry],
    collect() {
      this.set(cache.stats().size);
    },
  });
  for (const [name, help, key] of [
    ["edge_cache_hits", "Answers served from the edge cache without crossing the mesh (cumulative).", "hits"],
    ["edge_cache_misses", "Lookups that went through the mesh (cumulative).", "misses"],
    ["edge_cache_invalidations", "Times the edge cache was dropped on a mesh update event (cumulative).", "invalidations"],
  ] as const) {
    // Gauges read at scrape time: the cache counts with plain numbers on its hot path.
    new Gauge({
      name: `${name}_total`,
      help,
      registers: [registry],
      collect() {
        this.set(cache.stats()[key]);
      },
    });
  }

  // Label children resolved once per (method, route, status): the hot path skips label hashing.
  type Child<T extends { labels: (...a: never[]) => unknown }> = ReturnType<T["labels"]>;
  const children = new Map<string, { requests: Child<typeof requests>; errors: Child<typeof errors> | null; duration: Child<typeof duration> }>();
  const childrenOf = (method: string, route: string, status: number) => {
    const key = `${method} ${route} ${status}`;
    let ch = children.get(key);
    if (!ch) {
      const s = String(status);
      ch = {
        requests: requests.labels({ method, route, status: s }),
        errors: status >= 400 ? errors.labels({ route, status: s }) : null,
        duration: duration.labels({ method, route }),
      };
      children.set(key, ch);
    }
    return ch;
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      // The route template, not the path: ids must not explode the label set.
      const route = c.req.routePath && c.req.routePath !== "/*" && c.req.routePath !== "*" ? c.req.routePath : "unmatched";
      const ch = childrenOf(c.req.method, route, c.res.status);
      ch.requests.inc();
      ch.errors?.inc();
      ch.duration.observe((performance.now() - started) / 1000);
    }
  };
  return { registry, middleware };
}
