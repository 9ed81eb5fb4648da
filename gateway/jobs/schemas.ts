import { z } from "@hono/zod-openapi";
import { jobRecordSchema } from "../../domain/mod.ts";
import { jobErrorCategorySchema } from "../../jobs/mod.ts";

/** A job as the API shows it: its record from the jobs KV bucket, and where to follow it. */
export const JobStatus = jobRecordSchema
  .omit({ owner: true })
  .extend({
    error: jobErrorCategorySchema.nullable().openapi({ description: "Why the job failed, as a category; the detail is in the service logs" }),
    links: z.object({ self: z.string() }),
  })
  .openapi("Job", {
    description:
      "State (queued → running → done | failed), progress while the source is read and stored, and counts: accepted = region-days written (new or revised), revised = of those, changed values, unchanged = already stored identically, rejected = quarantined source rows.",
  });

export const jobIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, "job ids are letters, digits, '-' and '_'")
    .openapi({ param: { name: "id", in: "path" }, example: "jhu-us-cases-at-20240501T060000Z" }),
});

/** The longest `?wait`; the gateway's idle timeout is set above it (gateway/main.ts). */
export const MAX_WAIT_SECONDS = 60;

/** `?wait=N`: wait up to N seconds (≤ 60) for the job to finish. */
export const waitQuery = z.object({
  wait: z.coerce
    .number()
    .min(0)
    .max(MAX_WAIT_SECONDS, `wait is at most ${MAX_WAIT_SECONDS} seconds`)
    .optional()
    .openapi({ param: { name: "wait", in: "query" }, description: "Seconds to wait for the job to finish (0–60)", example: 5 }),
});
