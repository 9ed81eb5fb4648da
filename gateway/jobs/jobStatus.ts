// Shared by the routes that create or show jobs: the JSON shape, and "wait up to N seconds".
import type { Context } from "hono";
import type { JobRecord } from "../../domain/mod.ts";
import { MeshKvError } from "../../mesh/mod.ts";
import { ProblemError } from "../problem.ts";
import type { MeshPort } from "../types.ts";
import { publicJobError } from "../../jobs/mod.ts";

export const jobPath = (jobId: string) => `/v1/jobs/${jobId}`;

/** A job as clients see it: who owns it is not shown, and its error is only a category. */
export function jobStatus(record: JobRecord) {
  const { owner: _, ...shown } = record;
  return { ...shown, error: publicJobError(record.error), links: { self: jobPath(record.jobId) } };
}

export const isFinished = (r: JobRecord) => r.state === "done" || r.state === "failed";

/** Job state unreachable (NATS KV): the client may retry shortly. */
export async function withJobState<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (err) {
    if (err instanceof MeshKvError) {
      throw new ProblemError(503, "Service Unavailable", "job state is unreachable right now", {}, { "Retry-After": "2" }, { cause: err });
    }
    throw err;
  }
}

/**
 * Answers a just-submitted job: with `wait` seconds, follows it and answers 200 with the final
 * record if it finished in time; otherwise (or without wait) 202 with Location.
 */
export async function answerSubmitted(c: Context, mesh: MeshPort, record: JobRecord, waitSeconds: number | undefined) {
  let latest = record;
  if (waitSeconds && waitSeconds > 0 && !isFinished(record)) {
    latest = (await withJobState(() => mesh.waitForJob(record.jobId, waitSeconds * 1000))) ?? record;
  }
  c.header("Location", jobPath(latest.jobId));
  if (isFinished(latest)) return c.json(jobStatus(latest), 200);
  c.header("Retry-After", "1");
  return c.json(jobStatus(latest), 202);
}
