import { z } from "@hono/zod-openapi";

export const regionIdParam = z.object({
  id: z.coerce
    .number({ error: "id must be a region UID (an integer)" })
    .int("id must be a region UID (an integer)")
    .min(1, "id must be a positive region UID")
    .max(2_147_483_647, "id is out of range")
    .openapi({ param: { name: "id", in: "path" }, example: 84036061, description: "JHU CSSE UID (US counties: 840 × 10⁵ + FIPS)" }),
});

export const regionSearchParams = z.object({
  q: z
    .string({ error: "q is required" })
    .trim()
    .min(1, "q must not be empty")
    .max(100, "q must be at most 100 characters")
    .openapi({ example: "Kings", description: "Part of a name (\"kings\", \"new york\") or a code: FIPS, ISO2/ISO3, UID" }),
  limit: z.coerce
    .number({ error: "limit must be a whole number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(50, "limit must be at most 50")
    .default(10)
    .openapi({ example: 10 }),
});

const day = (what: string) =>
  z.iso.date({ error: `${what} must be YYYY-MM-DD` }).optional().openapi({ example: what === "from" ? "2020-10-01" : "2020-12-30" });

export const timeseriesParams = z
  .object({ from: day("from"), to: day("to") })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: "from must not be after to", path: ["from"] });

export const forecastParams = z.object({
  format: z
    .enum(["json", "hub-csv"], { error: "format must be json or hub-csv" })
    .default("json")
    .openapi({ description: "json, or hub-csv: the Forecast Hub CSV columns forecast_date,target,target_end_date,location,type,quantile,value" }),
});
