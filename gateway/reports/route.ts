import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { presentedKey, requireApiKey } from "../auth/requireApiKey.ts";
import { createApiKeyVerifier, type ApiKeyVerifier } from "../auth/apiKeys.ts";
import { apiKeyId } from "../auth/apiKeys.ts";
import { meshContext, type GatewayEnv } from "../context.ts";
import { limitBody } from "../middleware/bodyLimit.ts";
import { commonErrors } from "../openapiSchemas.ts";
import { problem } from "../problemSchema.ts";
import { submissionJobId, type IdempotencyLedger } from "../middleware/idempotency.ts";
import { hashApiKey } from "../auth/apiKeys.ts";
import { answerSubmitted, withJobState } from "../jobs/jobStatus.ts";
import { JobStatus, waitQuery } from "../jobs/schemas.ts";
import { reportsBody } from "./schemas.ts";

export const DEFAULT_REPORTS_MAX_BYTES = 512 * 1024;

export interface ReportsRouteOptions {
  apiKeys?: ApiKeyVerifier;
  maxBytes?: number;
  /** Idempotency keys seen by this gateway (shared with POST /v1/ingest). */
  idempotency: IdempotencyLedger;
}

const route = createRoute({
  method: "post",
  path: "/v1/reports",
  tags: ["jobs"],
  summary: "Push case reports (health authorities)",
  description:
    "A batch of case reports (API key required), each for one region (regionId, FIPS or ISO3) and day. Validated as a whole: a bad entry gives 400 listing every bad entry, and nothing is queued. " +
    "Accepted batches go through the same pipeline as files (JetStream → persistence) as dataset `reports`, and the risk answer of their regions reflects them within about a second. " +
    "A region code no registry region has is quarantined (the job's `rejected` count). Answers 202 with the job, or 200 when `?wait=N` sees it finish.",
  request: {
    query: waitQuery,
    body: { content: { "application/json": { schema: reportsBody } }, required: true },
  },
  responses: {
    200: { description: "The reports are stored", content: { "application/json": { schema: JobStatus } } },
    202: { description: "The reports are queued", content: { "application/json": { schema: JobStatus } } },
    401: problem("No valid API key"),
    422: problem("Idempotency-Key reused with a different body"),
    413: problem("Request body too large"),
    ...commonErrors,
  },
});

export function registerReportsRoute(app: OpenAPIHono<GatewayEnv>, opts: ReportsRouteOptions): void {
  app.use("/v1/reports", requireApiKey(opts.apiKeys ?? createApiKeyVerifier({})), limitBody(opts.maxBytes ?? DEFAULT_REPORTS_MAX_BYTES));
  app.openapi(route, async (c) => {
    const { reports } = c.req.valid("json");
    const { wait } = c.req.valid("query");
    const jobId = submissionJobId("reports", c.req.header("idempotency-key"), { client: hashApiKey(presentedKey(c.req.raw)!), body: reports, ledger: opts.idempotency });
    const batch = { jobId, receivedAt: new Date().toISOString(), reports };
    const { record } = await withJobState(() => c.var.mesh.submitReports(batch, meshContext(c), { owner: apiKeyId(presentedKey(c.req.raw)!) }));
    return answerSubmitted(c, c.var.mesh, record, wait) as never;
  });
}
