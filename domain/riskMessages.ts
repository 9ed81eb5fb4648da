// Payload schemas of the read API the exposure-risk pool answers (regions, time series,
// forecasts, clusters) and the parts of a risk answer they share. Registered as message kinds
// in messages.ts; kept apart so each file stays one concept.
import { z } from "zod";

export const regionLevelSchema = z.enum(["county", "state", "country"]);

/** Covid Act Now's risk level names (their numeric codes 0–5 in the v2 API, spelled out). */
export const riskLevelSchema = z.enum(["low", "medium", "high", "critical", "extreme", "unknown"]);
export type RiskLevelName = z.infer<typeof riskLevelSchema>;

/** CDC community transmission level (2020–2022 definition). */
export const cdcLevelSchema = z.enum(["low", "moderate", "substantial", "high", "unknown"]);
export type CdcLevelName = z.infer<typeof cdcLevelSchema>;

const isoDate = z.iso.date();

export const regionSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  level: regionLevelSchema,
  fips: z.string().nullable(),
  iso3: z.string().nullable(),
  population: z.number().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});
export type RegionSummary = z.infer<typeof regionSummarySchema>;

/** One level of the county → state → country chain around a point. */
export const regionCandidateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  level: regionLevelSchema,
  /** The point lies inside the region's boundary, or its centroid is the nearest one. */
  match: z.enum(["contains", "nearest"]),
  distanceKm: z.number(),
  /** Last day with data, or null when no loaded dataset covers the region. */
  lastDate: isoDate.nullable(),
  /** Has data within the freshness window of the newest data: eligible to answer. */
  fresh: z.boolean(),
});
export type RegionCandidate = z.infer<typeof regionCandidateSchema>;

/** Covid Act Now's `riskLevels` object (v2 API field names). */
export const riskLevelsSchema = z.object({
  overall: riskLevelSchema,
  caseDensity: riskLevelSchema,
  infectionRate: riskLevelSchema,
  testPositivityRatio: riskLevelSchema,
});
export type RiskLevels = z.infer<typeof riskLevelsSchema>;

export const clusterRefSchema = z.object({ id: z.number().int(), label: z.string() });

export const forecastHorizonSchema = z.object({
  horizon: z.number().int().min(1).max(4),
  targetEndDate: isoDate,
  median: z.number(),
  lower50: z.number(),
  upper50: z.number(),
  lower95: z.number(),
  upper95: z.number(),
});

/** The 1–4 week case forecast in brief: median and central 50% / 95% intervals per week. */
export const forecastSummarySchema = z.object({
  model: z.string(),
  target: z.literal("inc case"),
  forecastDate: isoDate,
  /** Weekly new cases in the last observed epiweek (ending this Saturday). */
  lastObservedWeek: isoDate,
  lastObservedValue: z.number(),
  horizons: z.array(forecastHorizonSchema),
});
export type ForecastSummary = z.infer<typeof forecastSummarySchema>;

export const regionSearchQuerySchema = z.object({ q: z.string().min(1).max(100), limit: z.number().int().min(1).max(50) });
export type RegionSearchQuery = z.infer<typeof regionSearchQuerySchema>;

export const regionHitSchema = regionSummarySchema.extend({
  /** "Kings, New York, US": the name with its parents. */
  displayName: z.string(),
  lastDate: isoDate.nullable(),
});
export const regionSearchResultSchema = z.object({ regions: z.array(regionHitSchema) });
export type RegionSearchResult = z.infer<typeof regionSearchResultSchema>;

export const regionIdQuerySchema = z.object({ id: z.number().int() });

export const regionDetailSchema = regionSummarySchema.extend({
  displayName: z.string(),
  parents: z.array(regionSummarySchema),
  dataset: z.string().nullable(),
  firstDate: isoDate.nullable(),
  lastDate: isoDate.nullable(),
});
export type RegionDetail = z.infer<typeof regionDetailSchema>;

export const timeseriesQuerySchema = z.object({ id: z.number().int(), from: isoDate.optional(), to: isoDate.optional() });
export type TimeseriesQuery = z.infer<typeof timeseriesQuerySchema>;

const column = z.array(z.number().nullable());
/** Column-wise: value i of every array belongs to days[i]; null = unknown. */
export const timeseriesSchema = z.object({
  region: regionSummarySchema,
  dataset: z.string(),
  days: z.array(isoDate),
  metrics: z.object({
    cumulativeCases: column,
    newCases: column,
    newCases7dAvg: column,
    caseDensity: column,
    weeklyNewCasesPer100k: column,
    cumulativeDeaths: column,
    newDeaths7dAvg: column,
    infectionRate: column,
    infectionRateCI90Low: column,
    infectionRateCI90High: column,
  }),
  riskLevels: z.object({
    overall: z.array(riskLevelSchema),
    caseDensity: z.array(riskLevelSchema),
    infectionRate: z.array(riskLevelSchema),
  }),
  cdcLevel: z.array(cdcLevelSchema),
});
export type Timeseries = z.infer<typeof timeseriesSchema>;

export const forecastTargetSchema = z.object({
  /** Forecast Hub target name, e.g. "2 wk ahead inc case". */
  target: z.string(),
  targetEndDate: isoDate,
  point: z.number(),
  quantiles: z.array(z.object({ quantile: z.number(), value: z.number() })),
});

export const forecastSchema = z.object({
  region: regionSummarySchema,
  model: z.string(),
  forecastDate: isoDate,
  /** Forecast Hub location code: FIPS for US counties and states, "US", else ISO3. */
  location: z.string(),
  targets: z.array(forecastTargetSchema),
});
export type Forecast = z.infer<typeof forecastSchema>;

/** Which clustering: over the daily case history (historical) or over the current CDC indicators. */
export const clusterRunKindSchema = z
  .enum(["historical", "current"])
  .describe("historical: clustered on the daily case history; current: counties clustered on the current CDC indicators (ED-visit %, ED trend, state admissions per 100k)");
export type ClusterRunKind = z.infer<typeof clusterRunKindSchema>;
export const clustersQuerySchema = z.object({ run: clusterRunKindSchema.optional() });
export type ClustersQuery = z.infer<typeof clustersQuerySchema>;

export const clustersSchema = z.object({
  /** The run these clusters come from. */
  run: clusterRunKindSchema,
  /** Ids of the stored cluster_runs rows (one per level); empty when the run was not stored. */
  runIds: z.array(z.number().int()).describe("Ids of the stored cluster runs this answer comes from (one per level); empty when not stored (yet)"),
  method: z.string(),
  asOf: isoDate.nullable(),
  clusters: z.array(
    z.object({
      id: z.number().int(),
      label: z.string(),
      size: z.number().int(),
      /** The cluster's centre in the features it was built on (e.g. caseDensity, growth). */
      centre: z.record(z.string(), z.number()),
    }),
  ),
  /** Column-wise membership: regionIds[i] belongs to cluster clusterIds[i]. */
  members: z.object({ regionIds: z.array(z.number().int()), clusterIds: z.array(z.number().int()) }),
});
export type Clusters = z.infer<typeof clustersSchema>;

export const riskSnapshotUpdatedSchema = z.object({
  builtAt: z.iso.datetime(),
  lastDate: isoDate.nullable(),
  regions: z.number().int(),
  datasets: z.array(z.string()),
});
export type RiskSnapshotUpdated = z.infer<typeof riskSnapshotUpdatedSchema>;
