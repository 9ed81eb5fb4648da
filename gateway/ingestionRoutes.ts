// The routes of issue 3, registered together: jobs (POST /v1/ingest, GET /v1/jobs/:id),
// pushed case reports (POST /v1/reports) and device activity (POST /v1/activity,
// GET /v1/regions/:id/activity).
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { GatewayEnv } from "./context.ts";
import type { GatewayOptions } from "./types.ts";
import { registerIngestRoute } from "./ingest/route.ts";
import { registerJobRoutes } from "./jobs/route.ts";
import { registerReportsRoute } from "./reports/route.ts";
import { registerActivityRoutes } from "./activity/route.ts";
import { anyKey, apiKeysFromConfig } from "./auth/apiKeys.ts";
import { proxyListFromConfig } from "./middleware/clientAddress.ts";
import { createIdempotencyLedger } from "./middleware/idempotency.ts";

export function registerIngestionRoutes(app: OpenAPIHono<GatewayEnv>, opts: GatewayOptions): void {
  const idempotency = createIdempotencyLedger();
  registerIngestRoute(app, { apiKeys: opts.apiKeys, sources: opts.ingest?.sources, fileRoot: opts.ingest?.fileRoot, idempotency });
  registerJobRoutes(app);
  registerReportsRoute(app, { apiKeys: opts.apiKeys, maxBytes: opts.reportsMaxBytes, idempotency });
  registerActivityRoutes(app, { keys: anyKey(opts.appKeys, opts.apiKeys) });
}

/** The issue-3 gateway settings of the configuration (cli/config.ts). */
export function gatewayIngestion(
  config: {
    API_KEYS: string;
    API_KEY_HASHES: string;
    APP_KEYS: string;
    APP_KEY_HASHES: string;
    METRICS_KEYS: string;
    TRUSTED_PROXIES: string;
    INGEST_FILE_ROOT?: string;
    REPORTS_MAX_BYTES: number;
  },
  sources?: readonly string[],
): Pick<GatewayOptions, "apiKeys" | "appKeys" | "metricsKeys" | "trustedProxies" | "ingest" | "reportsMaxBytes"> {
  return {
    apiKeys: apiKeysFromConfig(config),
    appKeys: apiKeysFromConfig({ API_KEYS: config.APP_KEYS, API_KEY_HASHES: config.APP_KEY_HASHES }),
    metricsKeys: apiKeysFromConfig({ API_KEYS: config.METRICS_KEYS }),
    trustedProxies: proxyListFromConfig(config.TRUSTED_PROXIES),
    ingest: { sources, fileRoot: config.INGEST_FILE_ROOT },
    reportsMaxBytes: config.REPORTS_MAX_BYTES,
  };
}
