import { z } from "@hono/zod-openapi";
import { MAX_BATCH_POINTS } from "../../domain/mod.ts";

const lat = z.coerce
  .number({ error: "lat must be a number" })
  .min(-90, "lat must be between -90 and 90")
  .max(90, "lat must be between -90 and 90")
  .openapi({ example: 40.7128, description: "Latitude, WGS84 degrees" });
const lon = z.coerce
  .number({ error: "lon must be a number" })
  .min(-180, "lon must be between -180 and 180")
  .max(180, "lon must be between -180 and 180")
  .openapi({ example: -74.006, description: "Longitude, WGS84 degrees" });
const groupSize = z.coerce
  .number({ error: "groupSize must be a whole number" })
  .int("groupSize must be a whole number")
  .min(1, "groupSize must be at least 1")
  .max(100_000, "groupSize must be at most 100000")
  .default(10)
  .openapi({ example: 25, description: "Number of people at the event (Georgia Tech event risk)" });
const date = z.iso.date({ error: "date must be YYYY-MM-DD" }).optional().openapi({
  example: "2020-12-01",
  description:
    "Answer as of this day (default: latest data). `current` then answers from the weekly CDC data as known on that day (weeks ending by then, fresh within 21 days before it).",
});

export const riskQueryParams = z.object({ lat, lon, groupSize, date });

export const riskPointSchema = z
  .object({
    lat: z.number({ error: "lat must be a number" }).min(-90, "lat must be between -90 and 90").max(90, "lat must be between -90 and 90"),
    lon: z.number({ error: "lon must be a number" }).min(-180, "lon must be between -180 and 180").max(180, "lon must be between -180 and 180"),
    groupSize: z.number().int("groupSize must be a whole number").min(1).max(100_000).default(10),
    date: z.iso.date({ error: "date must be YYYY-MM-DD" }).optional(),
  })
  .openapi("RiskPoint");

export const riskBatchBody = z
  .object({
    points: z.array(riskPointSchema).min(1, "send at least one point").max(MAX_BATCH_POINTS, `at most ${MAX_BATCH_POINTS} points per batch`),
  })
  .openapi("RiskBatchRequest");
