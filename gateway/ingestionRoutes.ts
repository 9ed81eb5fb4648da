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
import { apiKeysFromConfig } from "./auth/apiKeys.ts";

export function registerIngestionRoutes(app: OpenAPIHono<GatewayEnv>, opts: GatewayOptions): void {
  registerIngestRoute(app, { apiKeys: opts.apiKeys, sources: opts.ingest?.sources, fileRoot: opts.ingest?.fileRoot });
  registerJobRoutes(app, { apiKeys: opts.apiKeys, adminKeys: opts.adminKeys });
  registerReportsRoute(app, { apiKeys: opts.apiKeys, maxBytes: opts.reportsMaxBytes });
  registerActivityRoutes(app);
}

/** The issue-3 gateway settings of the configuration (cli/config.ts). */
export function gatewayIngestion(
  config: {
    API_KEYS: string;
    API_KEY_HASHES: string;
    ADMIN_API_KEYS?: string;
    ADMIN_API_KEY_HASHES?: string;
    INGEST_FILE_ROOT?: string;
    REPORTS_MAX_BYTES: number;
  },
  sources?: readonly string[],
): Pick<GatewayOptions, "apiKeys" | "adminKeys" | "ingest" | "reportsMaxBytes"> {
  return {
    apiKeys: apiKeysFromConfig(config),
    adminKeys: apiKeysFromConfig({ API_KEYS: config.ADMIN_API_KEYS, API_KEY_HASHES: config.ADMIN_API_KEY_HASHES }),
    ingest: { sources, fileRoot: config.INGEST_FILE_ROOT },
    reportsMaxBytes: config.REPORTS_MAX_BYTES,
  };
}
