// A bare /metrics endpoint for a worker running alone (`covid-mesh serve <worker>` with
// METRICS_PORT): Prometheus scrapes each process for its own mesh counters.
import { METRICS_CONTENT_TYPE, processMetricsRegistry, renderMetrics } from "./prometheus.ts";

export interface MetricsServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function startMetricsServer(opts: { port: number; hostname?: string }): MetricsServer {
  const registry = processMetricsRegistry();
  const server = Bun.serve({
    port: opts.port,
    hostname: opts.hostname ?? "0.0.0.0",
    async fetch(req) {
      const { pathname } = new URL(req.url);
      if (req.method !== "GET" || pathname !== "/metrics") return new Response("not found: scrape GET /metrics\n", { status: 404 });
      return new Response(await renderMetrics([registry]), { headers: { "content-type": METRICS_CONTENT_TYPE } });
    },
  });
  const host = opts.hostname && opts.hostname !== "0.0.0.0" ? opts.hostname : "127.0.0.1";
  return {
    url: `http://${host}:${server.port}/metrics`,
    port: server.port!,
    async stop() {
      await server.stop(true);
    },
  };
}
