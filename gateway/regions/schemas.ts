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
    .openapi({ example: "Kings", description: 'Part of a name ("kings", "new york") or a code: FIPS, ISO2/ISO3, UID' }),
  limit: z.coerce
    .number({ error: "limit must be a whole number" })
    .int("limit must be a whole number")
    .min(1, "limit must be at least 1")
    .max(50, "limit must be at most 50")
    .default(10)
    .openapi({ example: 10 }),
});

const day = (what: string) =>
  z.iso
    .date({ error: `${what} must be YYYY-MM-DD` })
    .optional()
    .openapi({ example: what === "from" ? "2020-10-01" : "2020-12-30" });

export const timeseriesParams = z
  .object({ from: day("from"), to: day("to") })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: "from must not be after to", path: ["from"] });

/** The forecast targets of GET /v1/regions/{id}/forecast. */
export const FORECAST_TARGETS = ["cases-deaths", "wk-inc-covid-hosp"] as const;

export const forecastParams = z
  .object({
    target: z.enum(FORECAST_TARGETS, { error: "target must be cases-deaths or wk-inc-covid-hosp" }).default("cases-deaths").openapi({
      description:
        "cases-deaths (default): weekly cases and deaths 1–4 weeks ahead (historical data); wk-inc-covid-hosp: weekly COVID-19 hospital admissions (NHSN), horizons −1…3 after the Saturday reference date, for states, DC, PR and the US",
    }),
    format: z.enum(["json", "hub-csv", "hubverse"], { error: "format must be json, hub-csv or hubverse" }).default("json").openapi({
      description:
        "json; hub-csv (target cases-deaths): the Forecast Hub CSV columns forecast_date,target,target_end_date,location,type,quantile,value; hubverse (target wk-inc-covid-hosp): the hub's model-output CSV columns reference_date,location,horizon,target,target_end_date,output_type,output_type_id,value",
    }),
  })
  .refine((p) => p.format !== "hub-csv" || p.target === "cases-deaths", { message: "format hub-csv is for target cases-deaths; use format=hubverse", path: ["format"] })
  .refine((p) => p.format !== "hubverse" || p.target === "wk-inc-covid-hosp", { message: "format hubverse is for target wk-inc-covid-hosp; use format=hub-csv", path: ["format"] });
