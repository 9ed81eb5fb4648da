import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { presentedKey, requireApiKey } from "../auth/requireApiKey.ts";
import type { IngestJob } from "../../domain/mod.ts";
import { createApiKeyVerifier, type ApiKeyVerifier } from "../auth/apiKeys.ts";
import { apiKeyId } from "../auth/apiKeys.ts";
import { meshContext, type GatewayEnv } from "../context.ts";
import { limitBody } from "../middleware/bodyLimit.ts";
import { commonErrors } from "../openapiSchemas.ts";
import { problem } from "../problemSchema.ts";
import { ProblemError } from "../problem.ts";
import { answerSubmitted, withJobState } from "../jobs/jobStatus.ts";
import { JobStatus, waitQuery } from "../jobs/schemas.ts";
import { allowedFile } from "./fileRoot.ts";
import { submissionJobId, type IdempotencyLedger } from "../middleware/idempotency.ts";
import { hashApiKey } from "../auth/apiKeys.ts";
import { ingestBody } from "./schemas.ts";

export interface IngestRouteOptions {
  apiKeys?: ApiKeyVerifier;
  /** Known source ids; when given, others are refused with 400. */
  sources?: readonly string[];
  fileRoot?: string;
  /** Idempotency keys seen by this gateway (shared with POST /v1/reports). */
  idempotency: IdempotencyLedger;
}

const route = createRoute({
  method: "post",
  path: "/v1/ingest",
  tags: ["jobs"],
  summary: "Ingest a source now",
  description:
    "Queues an ingest job (API key required). Answers 202 with the job and a Location to follow, or with `?wait=N` waits up to N seconds and answers 200 with the finished job. Send `Idempotency-Key` to make retries safe.",
  request: {
    query: waitQuery,
    body: { content: { "application/json": { schema: ingestBody } }, required: true },
  },
  responses: {
    200: { description: "The job finished within `wait`", content: { "application/json": { schema: JobStatus } } },
    202: { description: "The job is queued or running", content: { "application/json": { schema: JobStatus } } },
    401: problem("No valid API key"),
    403: problem("File paths are not allowed here"),
    422: problem("Idempotency-Key reused with a different body"),
    413: problem("Request body too large"),
    ...commonErrors,
  },
});

export function registerIngestRoute(app: OpenAPIHono<GatewayEnv>, opts: IngestRouteOptions): void {
  app.use("/v1/ingest", requireApiKey(opts.apiKeys ?? createApiKeyVerifier({})), limitBody(4 * 1024));
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const { wait } = c.req.valid("query");
    if (opts.sources && !opts.sources.includes(body.source)) {
      throw new ProblemError(400, "Bad Request", `unknown source "${body.source}"`, {
        errors: [{ path: "source", message: `one of ${opts.sources.join(", ")}` }],
      });
    }
    const job: IngestJob = {
      // requireApiKey ran: the presented key is a valid one, and names the client.
      jobId: submissionJobId(body.source, c.req.header("idempotency-key"), { client: hashApiKey(presentedKey(c.req.raw)!), body, ledger: opts.idempotency }),
      source: body.source,
      // The worker checks the file again by real path (symlinks refused) inside this root.
      ...(body.url ? { url: body.url } : { file: allowedFile(body.file!, opts.fileRoot), fileRoot: opts.fileRoot }),
      requestedAt: new Date().toISOString(),
    };
    const { record } = await withJobState(() => c.var.mesh.submitIngest(job, meshContext(c), { owner: apiKeyId(presentedKey(c.req.raw)!) }));
    return answerSubmitted(c, c.var.mesh, record, wait) as never;
  });
}
