import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { apiKeyId, createApiKeyVerifier, type ApiKeyVerifier } from "../auth/apiKeys.ts";
import { presentedKey, requireApiKey } from "../auth/requireApiKey.ts";
import { meshContext, type GatewayEnv } from "../context.ts";
import { commonErrors, notFound } from "../openapiSchemas.ts";
import { problemSchema } from "../problemSchema.ts";
import { ProblemError } from "../problem.ts";
import { isFinished, jobStatus, withJobState } from "./jobStatus.ts";
import { JobStatus, jobIdParam, waitQuery } from "./schemas.ts";

export interface JobRoutesOptions {
  apiKeys?: ApiKeyVerifier;
  adminKeys?: ApiKeyVerifier;
}

const route = createRoute({
  method: "get",
  path: "/v1/jobs/{id}",
  tags: ["jobs"],
  summary: "State, progress and counts of an ingest or report job",
  description:
    "Read from the jobs NATS KV bucket, kept 7 days. Needs the API key that created the job, or an admin key (another key gets 404, as for an unknown id). With `?wait=N` the answer waits up to N seconds for the job to finish (long polling).",
  request: { params: jobIdParam, query: waitQuery },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: JobStatus } } },
    401: { description: "No valid API key", content: { "application/problem+json": { schema: problemSchema } } },
    ...commonErrors,
    ...notFound("No job with this id that this key may read (or it expired)"),
  },
});

/** Either set of keys is enough to pass the door; which jobs a key may read is decided per job. */
function anyOf(a: ApiKeyVerifier, b: ApiKeyVerifier): ApiKeyVerifier {
  return { size: a.size + b.size, verify: (k) => a.verify(k) || b.verify(k) };
}

export function registerJobRoutes(app: OpenAPIHono<GatewayEnv>, opts: JobRoutesOptions = {}): void {
  const apiKeys = opts.apiKeys ?? createApiKeyVerifier({});
  const adminKeys = opts.adminKeys ?? createApiKeyVerifier({});
  app.use("/v1/jobs/*", requireApiKey(anyOf(apiKeys, adminKeys)));
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { wait } = c.req.valid("query");
    const key = presentedKey(c.req.raw)!;
    // Job ids, errors and locations are readable only by whoever could have written them:
    // otherwise a job's error is an oracle on what the workers can reach.
    const mayRead = (owner: string | null) => adminKeys.verify(key) || (owner !== null && owner === apiKeyId(key));
    const gone = () => new ProblemError(404, "Not Found", `no job "${id}" (job records are kept 7 days)`);
    let record = await withJobState(() => c.var.mesh.job(id, meshContext(c)));
    if (!record || !mayRead(record.owner)) throw gone();
    if (wait && !isFinished(record)) {
      record = (await withJobState(() => c.var.mesh.waitForJob(id, wait * 1000))) ?? record;
    }
    c.header("Cache-Control", "no-store");
    return c.json(jobStatus(record), 200);
  });
}
