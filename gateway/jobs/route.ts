import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { meshContext, type GatewayEnv } from "../context.ts";
import { commonErrors, notFound } from "../openapiSchemas.ts";
import { ProblemError } from "../problem.ts";
import { isFinished, jobStatus, withJobState } from "./jobStatus.ts";
import { JobStatus, jobIdParam, waitQuery } from "./schemas.ts";

const route = createRoute({
  method: "get",
  path: "/v1/jobs/{id}",
  tags: ["jobs"],
  summary: "State, progress and counts of an ingest or report job",
  description:
    "Read from the jobs NATS KV bucket, kept 7 days. With `?wait=N` the answer waits up to N seconds for the job to finish (long polling).",
  request: { params: jobIdParam, query: waitQuery },
  responses: {
    200: { description: "The job", content: { "application/json": { schema: JobStatus } } },
    ...commonErrors,
    ...notFound("No job with this id (or it expired)"),
  },
});

export function registerJobRoutes(app: OpenAPIHono<GatewayEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { wait } = c.req.valid("query");
    let record = await withJobState(() => c.var.mesh.job(id, meshContext(c)));
    if (record && wait && !isFinished(record)) {
      record = (await withJobState(() => c.var.mesh.waitForJob(id, wait * 1000))) ?? record;
    }
    if (!record) throw new ProblemError(404, "Not Found", `no job "${id}" (job records are kept 7 days)`);
    c.header("Cache-Control", "no-store");
    return c.json(jobStatus(record), 200);
  });
}
