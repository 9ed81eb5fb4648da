// HTTP metrics of one gateway app: request rate and latency per route, errors by status, and
// the edge cache's hit ratio. Mesh round-trip times come from the process registry (mesh/).
import type { Context, MiddlewareHandler } from "hono";
import { Gauge, Registry } from "prom-client";
import { plainCounter, plainHistogram, type PlainCounterChild, type PlainHistogramChild } from "./plainMetrics.ts";
import type { EdgeCacheStats } from "../cache/edgeCache.ts";

export interface HttpMetrics {
  registry: Registry;
  middleware: MiddlewareHandler;
  /** What the middleware does once the request is answered: for a middleware that does more. */
  record(c: Context, started: number): void;
  /** The same for a request answered before Hono (risk/edgeHit.ts), which names its route itself. */
  recordRoute(method: string, route: string, status: number, started: number): void;
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
  // Plain-number children (plainMetrics.ts): same names, labels and buckets as prom-client's.
  const requests = plainCounter(registry, "http_requests_total", "HTTP requests answered, by method, route template and status.");
  const errors = plainCounter(registry, "http_request_errors_total", "HTTP answers with status ≥ 400, by route template and status.");
  const duration = plainHistogram(registry, "http_request_duration_seconds", "Time from request to response headers, by method and route template.", BUCKETS_S);
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

  // Children resolved once per (route, method, status) through nested maps: the hot path
  // neither hashes labels nor builds a key string.
  interface Children {
    requests: PlainCounterChild;
    errors: PlainCounterChild | null;
    duration: PlainHistogramChild;
  }
  const children = new Map<string, Map<string, Map<number, Children>>>();
  const durations = new Map<string, PlainHistogramChild>();
  const childrenOf = (method: string, route: string, status: number): Children => {
    let byMethod = children.get(route);
    if (!byMethod) children.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let ch = byStatus.get(status);
    if (!ch) {
      const s = String(status);
      const durationKey = `${method} ${route}`;
      let d = durations.get(durationKey);
      if (!d) durations.set(durationKey, (d = duration.child({ method, route })));
      ch = { requests: requests.child({ method, route, status: s }), errors: status >= 400 ? errors.child({ route, status: s }) : null, duration: d };
      byStatus.set(status, ch);
    }
    return ch;
  };

  const recordRoute = (method: string, route: string, status: number, started: number) => {
    const ch = childrenOf(method, route, status);
    ch.requests.value++;
    if (ch.errors) ch.errors.value++;
    ch.duration.observe((performance.now() - started) / 1000);
  };
  const record = (c: Context, started: number) => {
    // The route template, not the path: ids must not explode the label set.
    const path = c.req.routePath;
    recordRoute(c.req.method, path && path !== "/*" && path !== "*" ? path : "unmatched", c.res.status, started);
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      record(c, started);
    }
  };
  return { registry, middleware, record, recordRoute };
}
