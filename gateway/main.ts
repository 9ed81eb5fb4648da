// Runs the gateway over HTTP (Bun.serve) on a mesh connection.
import { type Logger, type Mesh, silentLogger } from "../mesh/mod.ts";
import { createApp } from "./app.ts";
import { createMeshPort } from "./meshPort.ts";
import { MAX_WAIT_SECONDS } from "./jobs/schemas.ts";
import { warmPointRegions } from "./risk/pointRegions.ts";
import type { EdgeCacheOptions, GatewayOptions, RateLimitOptions } from "./types.ts";
import { apiKeysFromConfig } from "./auth/apiKeys.ts";
import { proxyListFromConfig } from "./middleware/clientAddress.ts";

/**
 * Seconds a connection may stay silent. Bun's default (10 s) would cut a `?wait=N` long poll
 * (N up to MAX_WAIT_SECONDS) before it answers; Bun allows at most 255.
 */
export const GATEWAY_IDLE_TIMEOUT_S = MAX_WAIT_SECONDS + 15;

export interface Gateway {
  url: string;
  port: number;
  /** Micro-batches sent to the risk pool and the queries they carried (gateway/meshPort.ts). */
  riskBatchStats(): { batches: number; calls: number };
  stop(): Promise<void>;
}

export interface GatewayTuning {
  rateLimit?: RateLimitOptions;
  edgeCache?: EdgeCacheOptions;
  cacheMaxAgeSeconds?: number;
  /** Risk region queries cross the mesh in micro-batches (default true; see meshPort.ts). */
  batchRisk?: boolean;
}

/** The gateway settings of the configuration (cli/config.ts). */
export function gatewayTuning(config: {
  RATE_LIMIT_RPS: number;
  RATE_LIMIT_BURST: number;
  EDGE_CACHE_MAX_ENTRIES: number;
  EDGE_CACHE_TTL_MS: number;
  CACHE_MAX_AGE_S: number;
  RISK_MESH_BATCH?: "0" | "1";
}): GatewayTuning {
  return {
    rateLimit: { ratePerSecond: config.RATE_LIMIT_RPS, burst: config.RATE_LIMIT_BURST },
    edgeCache: { maxEntries: config.EDGE_CACHE_MAX_ENTRIES, ttlMs: config.EDGE_CACHE_TTL_MS },
    cacheMaxAgeSeconds: config.CACHE_MAX_AGE_S,
    batchRisk: config.RISK_MESH_BATCH !== "0",
  };
}

/** The gateway's keys, trusted proxies, ingest sources and file root, and reports size limit from the configuration. */
export function gatewayIngestion(
  config: {
    API_KEYS: string;
    API_KEY_HASHES: string;
    ADMIN_API_KEYS?: string;
    ADMIN_API_KEY_HASHES?: string;
    APP_KEYS: string;
    APP_KEY_HASHES: string;
    METRICS_KEYS: string;
    TRUSTED_PROXIES: string;
    INGEST_FILE_ROOT?: string;
    REPORTS_MAX_BYTES: number;
  },
  sources?: readonly string[],
): Pick<GatewayOptions, "apiKeys" | "adminKeys" | "appKeys" | "metricsKeys" | "trustedProxies" | "ingest" | "reportsMaxBytes"> {
  return {
    apiKeys: apiKeysFromConfig(config),
    adminKeys: apiKeysFromConfig({ API_KEYS: config.ADMIN_API_KEYS, API_KEY_HASHES: config.ADMIN_API_KEY_HASHES }),
    appKeys: apiKeysFromConfig({ API_KEYS: config.APP_KEYS, API_KEY_HASHES: config.APP_KEY_HASHES }),
    metricsKeys: apiKeysFromConfig({ API_KEYS: config.METRICS_KEYS }),
    trustedProxies: proxyListFromConfig(config.TRUSTED_PROXIES),
    ingest: { sources, fileRoot: config.INGEST_FILE_ROOT },
    reportsMaxBytes: config.REPORTS_MAX_BYTES,
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
    Pick<GatewayOptions, "apiKeys" | "adminKeys" | "appKeys" | "metricsKeys" | "trustedProxies" | "ingest" | "reportsMaxBytes">,
): Promise<Gateway> {
  const log = opts.logger ?? silentLogger;
  const port = createMeshPort(opts.mesh, { logger: log, batchRisk: opts.batchRisk });
  const app = createApp({
    mesh: port,
    requestTimeoutMs: opts.requestTimeoutMs,
    logger: log,
    rateLimit: opts.rateLimit,
    edgeCache: opts.edgeCache,
    cacheMaxAgeSeconds: opts.cacheMaxAgeSeconds,
    apiKeys: opts.apiKeys,
    appKeys: opts.appKeys,
    metricsKeys: opts.metricsKeys,
    trustedProxies: opts.trustedProxies,
    adminKeys: opts.adminKeys,
    ingest: opts.ingest,
    reportsMaxBytes: opts.reportsMaxBytes,
  });
  // The boundary index of /v1/risk's geolocation: built before the first request, not by it.
  warmPointRegions();
  const server = Bun.serve({ port: opts.port, hostname: opts.hostname ?? "0.0.0.0", idleTimeout: GATEWAY_IDLE_TIMEOUT_S, fetch: app.fetch });
  const host = opts.hostname && opts.hostname !== "0.0.0.0" ? opts.hostname : "127.0.0.1";
  const url = `http://${host}:${server.port}`;
  log.info({ url }, "gateway listening");
  return {
    url,
    port: server.port!,
    riskBatchStats: () => port.riskBatchStats(),
    async stop() {
      await server.stop(true);
      await port.close();
    },
  };
}
