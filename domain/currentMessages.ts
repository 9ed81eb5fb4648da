// Payload schemas of the current CDC indicators: the `current` part of a risk answer
// (NSSP emergency-department visits, NHSN hospital admissions) and a region's weekly history of
// both. Names in `current` are the REST contract; every field carries its description into the
// OpenAPI document. Registered as message kinds in messages.ts.
import { z } from "zod";
import { ED_LEVELS, ED_TRENDS } from "./weekly.ts";

const isoDate = z.iso.date();

export const edLevelSchema = z.enum(ED_LEVELS).describe("CDC's NSSP classification of COVID-19 ED activity");
export const edTrendSchema = z.enum(ED_TRENDS).describe("NSSP trend of COVID-19 ED visits");
export const admissionLevelSchema = z
  .enum(["low", "medium", "high"])
  .describe("CDC COVID-19 Community Level on new admissions per 100k over 7 days: low < 10, medium 10–19.9, high ≥ 20");
export const edScopeSchema = z.enum(["county", "state", "nation"]).describe("Which NSSP row answered: the county's, its state's, or the national one");

export const currentEdVisitsSchema = z
  .object({
    regionId: z.number().int().describe("Region UID of the row that answered (county 84000000+FIPS, state 84000000+state FIPS, US 840)"),
    name: z.string().describe("Name of that region"),
    fips: z.string().nullable().describe('FIPS of that region as the region registry spells it (county "48201", state "06"); null for the nation'),
    scope: edScopeSchema,
    weekEnding: isoDate.describe("The Saturday that ends the week"),
    percentCovid: z.number().describe("Percent (0–100) of emergency-department visits diagnosed as COVID-19"),
    level: edLevelSchema.nullable().describe("CDC's classification (very-low … very-high); null when NSSP gives none"),
    trend: edTrendSchema.nullable().describe("decreasing, no-change or increasing; null when NSSP gives none"),
    source: z.literal("nssp").describe("CDC National Syndromic Surveillance Program"),
  })
  .describe("Share of emergency-department visits due to COVID-19 (NSSP), from the most local row with a value");
export type CurrentEdVisits = z.infer<typeof currentEdVisitsSchema>;

export const currentHospitalAdmissionsSchema = z
  .object({
    regionId: z.number().int().describe("Region UID of the point's state"),
    name: z.string().describe("Name of the state"),
    weekEnding: isoDate.describe("The Saturday that ends the week"),
    weekly: z.number().describe("Confirmed COVID-19 hospital admissions in the week"),
    per100k: z.number().nullable().describe("weekly / population × 100,000; null when the population is unknown"),
    level: admissionLevelSchema.nullable().describe("CDC admission level of per100k; null when per100k is"),
    source: z.literal("nhsn").describe("CDC National Healthcare Safety Network (Hospital Respiratory Reporting)"),
    dataset: z.string().describe("The stored series the value comes from: covidhub-hosp or covidhub-time-series (the one whose newest week is newest)"),
  })
  .describe("Weekly COVID-19 hospital admissions of the point's state (NHSN)");
export type CurrentHospitalAdmissions = z.infer<typeof currentHospitalAdmissionsSchema>;

export const currentIndicatorsSchema = z
  .object({
    edVisits: currentEdVisitsSchema.nullable(),
    hospitalAdmissions: currentHospitalAdmissionsSchema.nullable(),
  })
  .describe(
    "The CDC's current weekly indicators around the point. A part is null unless its week ends within 21 days of its source's newest week; with date=, within 21 days before that date, from the data as known then.",
  )
  .meta({
    example: {
      edVisits: {
        regionId: 84048201,
        name: "Harris",
        fips: "48201",
        scope: "county",
        weekEnding: "2025-12-27",
        percentCovid: 0.27,
        level: "very-low",
        trend: "increasing",
        source: "nssp",
      },
      hospitalAdmissions: { regionId: 84000048, name: "Texas", weekEnding: "2025-12-27", weekly: 268, per100k: 0.924, level: "low", source: "nhsn", dataset: "covidhub-hosp" },
    },
  });
export type CurrentIndicators = z.infer<typeof currentIndicatorsSchema>;

export const weeklyQuerySchema = z.object({ id: z.number().int(), from: isoDate.optional(), to: isoDate.optional() });
export type WeeklyQuery = z.infer<typeof weeklyQuerySchema>;

const nullableColumn = (what: string) => z.array(z.number().nullable()).describe(`${what}, one per week; null = not published`);

export const weeklyHistorySchema = z
  .object({
    region: z
      .object({
        id: z.number().int().describe("Region UID"),
        name: z.string().describe("Region name"),
        level: z.enum(["county", "state", "country"]).describe("Region level"),
      })
      .describe("The region asked for"),
    edVisits: z
      .object({
        regionId: z.number().int().describe("Region whose NSSP rows these are"),
        name: z.string().describe("Name of that region"),
        scope: edScopeSchema,
        source: z.literal("nssp").describe("CDC National Syndromic Surveillance Program"),
        weeks: z.array(isoDate).describe("Saturdays ending each week, ascending"),
        percentCovid: nullableColumn("Percent of ED visits due to COVID-19"),
        level: z.array(edLevelSchema.nullable()).describe("CDC's level per week"),
        trend: z.array(edTrendSchema.nullable()).describe("NSSP trend per week"),
      })
      .nullable()
      .describe("The region's own NSSP rows when it has any value, else its state's, else the nation's"),
    hospitalAdmissions: z
      .object({
        regionId: z.number().int().describe("The state (or the US)"),
        name: z.string().describe("Name of the state (or US)"),
        source: z.literal("nhsn").describe("CDC National Healthcare Safety Network"),
        dataset: z.string().describe("covidhub-hosp or covidhub-time-series"),
        population: z.number().nullable().describe("Population used for per100k"),
        weeks: z.array(isoDate).describe("Saturdays ending each week, ascending"),
        weekly: nullableColumn("Confirmed COVID-19 admissions"),
        per100k: nullableColumn("Admissions per 100k"),
        level: z.array(admissionLevelSchema.nullable()).describe("CDC admission level per week"),
      })
      .nullable()
      .describe("Weekly admissions of the region's state (a state: its own; the US: national)"),
  })
  .describe("Weekly CDC indicators of a region, column-wise: value i of every array belongs to weeks[i]");
export type WeeklyHistory = z.infer<typeof weeklyHistorySchema>;
