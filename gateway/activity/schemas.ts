import { z } from "@hono/zod-openapi";
import { activityAnswerSchema, activityPingBatchSchema, activityPingResultSchema } from "../../domain/mod.ts";

// zod's .meta(): the mesh schemas may exist before @hono/zod-openapi adds .openapi() to zod.
export const ActivityPings = activityPingBatchSchema.meta({
  id: "ActivityPings",
  example: { pings: [{ deviceId: "c2f1e0d4-install-id", lat: 40.7128, lon: -74.006, time: "2024-05-01T10:15:00Z" }] },
});
export const ActivityPingResult = activityPingResultSchema.meta({ id: "ActivityPingResult" });
export const ActivityAnswer = activityAnswerSchema.meta({ id: "RegionActivity" });

/** Longest range one query may cover. */
export const MAX_RANGE_DAYS = 92;

export const activityParams = z.object({
  id: z.coerce
    .number()
    .int()
    // A bound makes the generated parameter a required integer (a bare coerced number is
    // documented as optional and nullable, which OpenAPI forbids for a path parameter).
    .min(1, "id must be a positive region id")
    .openapi({ param: { name: "id", in: "path" }, example: 84036061, description: "Region id (JHU UID)" }),
});

export const activityRange = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().openapi({ description: "Start (inclusive); default `to` − 7 days" }),
    to: z.iso.datetime({ offset: true }).optional().openapi({ description: "End (exclusive); default the next full hour" }),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) ctx.addIssue({ code: "custom", path: ["from"], message: "from must be before to" });
    if (q.from && q.to && Date.parse(q.to) - Date.parse(q.from) > MAX_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `at most ${MAX_RANGE_DAYS} days per query` });
    }
  });
