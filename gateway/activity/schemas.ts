import { z } from "@hono/zod-openapi";
import { isInstantInWindow } from "../../domain/mod.ts";
import { activityAnswerSchema, activityPingBatchSchema, activityPingResultSchema } from "../../domain/mod.ts";
import { ACTIVITY_MAX_DAYS, activityWindowError } from "../../domain/mod.ts";

// zod's .meta(): the mesh schemas may exist before @hono/zod-openapi adds .openapi() to zod.
export const ActivityPings = activityPingBatchSchema.meta({
  id: "ActivityPings",
  example: { pings: [{ deviceId: "c2f1e0d4-install-id", lat: 40.7128, lon: -74.006, time: "2024-05-01T10:15:00Z" }] },
});
export const ActivityPingResult = activityPingResultSchema.meta({ id: "ActivityPingResult" });
export const ActivityAnswer = activityAnswerSchema.meta({ id: "RegionActivity" });

export const activityParams = z.object({
  id: z.coerce
    .number()
    .int()
    // A bound makes the generated parameter a required integer (a bare coerced number is
    // documented as optional and nullable, which OpenAPI forbids for a path parameter).
    .min(1, "id must be a positive region id")
    .openapi({ param: { name: "id", in: "path" }, example: 84036061, description: "Region id (JHU UID)" }),
});

const bound = (description: string, example: string) => z.string().min(1).max(40).openapi({ description, example });

export const activityRange = z
  .object({
    from: bound("Start (inclusive): a UTC day, `2024-05-01` or `2024-05-01T00:00:00Z`", "2024-05-01"),
    to: bound(`End (exclusive): a UTC day; at most ${ACTIVITY_MAX_DAYS} days after \`from\``, "2024-05-08"),
  })
  .superRefine((q, ctx) => {
    const error = activityWindowError(q.from, q.to);
    if (error) ctx.addIssue({ code: "custom", path: ["from"], message: error });
    for (const key of ["from", "to"] as const) {
      const v = q[key];
      if (v && !isInstantInWindow(Date.parse(v))) ctx.addIssue({ code: "custom", path: [key], message: `${key} is outside the date window 2019-12-01 … tomorrow` });
    }
  });
