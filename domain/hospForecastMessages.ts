// Payload schemas of the hospital-admission forecasts (CDC Forecast Hub target
// `wk inc covid hosp`): a region's forecast as the REST API serves it, and its brief form in a
// risk answer. Every field carries its description into the OpenAPI document.
import { z } from "zod";

const isoDate = z.iso.date();

export const hospForecastFormatSchema = z.enum(["json", "hubverse"]);
export const hospForecastQuerySchema = z.object({
  id: z.number().int(),
  /** hubverse: the answer also carries the hub's model-output CSV of the region. */
  format: hospForecastFormatSchema.optional(),
});
export type HospForecastQuery = z.infer<typeof hospForecastQuerySchema>;

export const hospForecastHorizonSchema = z
  .object({
    horizon: z.number().int().min(-1).max(3).describe("Weeks after the reference date (−1 = the last reported week, still being revised)"),
    target: z.string().describe('Hub target with the horizon, e.g. "1 wk inc covid hosp" (the hub\'s own files say "wk inc covid hosp" and carry the horizon apart)'),
    targetEndDate: isoDate.describe("The Saturday that ends the forecast week"),
    median: z.number().describe("Median weekly admissions (quantile 0.5)"),
    quantiles: z.array(z.object({ quantile: z.number(), value: z.number() })).describe("The hub's 23 quantile levels, non-decreasing values"),
  })
  .describe("One horizon of the forecast");

export const hospForecastSchema = z
  .object({
    region: z
      .object({
        id: z.number().int().describe("Region UID"),
        name: z.string().describe("Region name"),
        level: z.enum(["state", "country"]).describe("state (incl. DC and PR) or country (the US)"),
      })
      .describe("The region asked for"),
    location: z.string().describe('Forecast Hub location code ("01"…"72", "US")'),
    model: z.string().describe("The model that made the forecast"),
    target: z.literal("wk inc covid hosp").describe("Weekly confirmed COVID-19 hospital admissions (NHSN)"),
    referenceDate: isoDate.describe("The Saturday reference date: the newest week in the data is the week ending 7 days before it"),
    dataset: z.string().describe("The stored admissions series it was computed from: covidhub-hosp or covidhub-time-series"),
    lastObservedWeek: isoDate.describe("The newest week in the data (reference date − 7)"),
    lastObservedValue: z.number().nullable().describe("Admissions published for that week (null when not published for this region)"),
    horizons: z.array(hospForecastHorizonSchema).describe("Horizons −1…3"),
    hubverseCsv: z.string().optional().describe("Only when format=hubverse was asked: the hub's model-output CSV"),
  })
  .describe("A region's forecast of weekly COVID-19 hospital admissions, in Forecast Hub terms");
export type HospForecastAnswer = z.infer<typeof hospForecastSchema>;

export const hospForecastSummarySchema = z
  .object({
    regionId: z.number().int().describe("Region UID of the state forecast (the point's state)"),
    location: z.string().describe("Forecast Hub location code"),
    model: z.string().describe("The model that made the forecast"),
    target: z.literal("wk inc covid hosp").describe("Weekly confirmed COVID-19 hospital admissions (NHSN)"),
    referenceDate: isoDate.describe("The Saturday reference date"),
    horizons: z
      .array(
        z.object({
          horizon: z.number().int().min(-1).max(3).describe("Weeks after the reference date"),
          targetEndDate: isoDate.describe("The Saturday that ends the forecast week"),
          median: z.number().describe("Median weekly admissions"),
          lower50: z.number().describe("Quantile 0.25"),
          upper50: z.number().describe("Quantile 0.75"),
          lower95: z.number().describe("Quantile 0.025"),
          upper95: z.number().describe("Quantile 0.975"),
        }),
      )
      .describe("Horizons −1…3"),
  })
  .describe(
    "The forecast of weekly COVID-19 hospital admissions of the point's state (horizons −1…3 after the reference date), present when current.hospitalAdmissions is and comes from the week the forecast was made from; `forecast` (weekly cases, historical data) is unchanged",
  );
export type HospForecastSummary = z.infer<typeof hospForecastSummarySchema>;
