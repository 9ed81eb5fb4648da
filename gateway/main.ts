// Runs the gateway over HTTP (Bun.serve) on a mesh connection.
import type { Mesh } from "../mesh/mod.ts";
import { silentLogger, type Logger } from "../mesh/logger.ts";
import { createApp } from "./app.ts";
import { createMeshPort } from "./meshPort.ts";
import { warmPointRegions } from "./risk/pointRegions.ts";
import type { EdgeCacheOptions, GatewayOptions, RateLimitOptions } from "./types.ts";

export interface Gateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface GatewayTuning {
  rateLimit?: RateLimitOptions;
  edgeCache?: EdgeCacheOptions;
  cacheMaxAgeSeconds?: number;
}

/** The gateway settings of the configuration (cli/config.ts). */
export function gatewayTuning(config: {
  RATE_LIMIT_RPS: number;
  RATE_LIMIT_BURST: number;
  EDGE_CACHE_MAX_ENTRIES: number;
  EDGE_CACHE_TTL_MS: number;
  CACHE_MAX_AGE_S: number;
}): GatewayTuning {
  return {
    rateLimit: { ratePerSecond: config.RATE_LIMIT_RPS, burst: config.RATE_LIMIT_BURST },
    edgeCache: { maxEntries: config.EDGE_CACHE_MAX_ENTRIES, ttlMs: config.EDGE_CACHE_TTL_MS },
    cacheMaxAgeSeconds: config.CACHE_MAX_AGE_S,
  };
}

export async function startGateway(
  opts: {
    mesh: Mesh;
    port: number;
    hostname?: string;
    requestTimeoutMs: number;
    logger?: Logger;
  } & GatewayTuning &
    Pick<GatewayOptions, "apiKeys" | "ingest" | "reportsMaxBytes">,
): Promise<Gateway> {
  const log = opts.logger ?? silentLogger;
  const port = createMeshPort(opts.mesh, { logger: log });
  const app = createApp({
    mesh: port,
    requestTimeoutMs: opts.requestTimeoutMs,
    logger: log,
    rateLimit: opts.rateLimit,
    edgeCache: opts.edgeCache,
    cacheMaxAgeSeconds: opts.cacheMaxAgeSeconds,
    apiKeys: opts.apiKeys,
    ingest: opts.ingest,
    reportsMaxBytes: opts.reportsMaxBytes,
  });
  // The boundary index of /v1/risk's geolocation: built before the first request, not by it.
  warmPointRegions();
  const server = Bun.serve({ port: opts.port, hostname: opts.hostname ?? "0.0.0.0", fetch: app.fetch });
  const host = opts.hostname && opts.hostname !== "0.0.0.0" ? opts.hostname : "127.0.0.1";
  const url = `http://${host}:${server.port}`;
  log.info({ url }, "gateway listening");
  return {
    url,
    port: server.port!,
    async stop() {
      await server.stop(true);
      await port.close();
    },
  };
}
