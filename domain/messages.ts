// Message kinds of the contract: the type name, schema version and payload schema of every
// message. JSON payloads are validated with their zod schema on both ends (mesh/codecs); bulk
// data travels as Arrow IPC (`encoding: "arrow-ipc"`), whose schema here only names the type.
import { z } from "zod";
import type { Table } from "apache-arrow";
import { jobId, sourceId } from "./ids.ts";
import type { RegionLevel, RegionRecord } from "./region.ts";
import { jobRecordSchema, reportBatchSchema } from "./jobMessages.ts";
import { riskModelsUpdatedSchema } from "./riskModelMessages.ts";
import { activityAnswerSchema, activityPingBatchSchema, activityPingResultSchema, activityQuerySchema, devicePresenceBatchSchema } from "./activityMessages.ts";
import {
  cdcLevelSchema,
  clusterRefSchema,
  clustersQuerySchema,
  clustersSchema,
  forecastSchema,
  forecastSummarySchema,
  regionCandidateSchema,
  regionDetailSchema,
  regionIdQuerySchema,
  regionSearchQuerySchema,
  regionSearchResultSchema,
  riskLevelsSchema,
  riskSnapshotUpdatedSchema,
  timeseriesQuerySchema,
  timeseriesSchema,
} from "./riskMessages.ts";
import { currentIndicatorsSchema, weeklyHistorySchema, weeklyQuerySchema } from "./currentMessages.ts";
import { hospForecastQuerySchema, hospForecastSchema, hospForecastSummarySchema } from "./hospForecastMessages.ts";

export const ingestJobSchema = z
  .object({
    jobId,
    source: sourceId,
    file: z.string().min(1).optional(),
    url: z.url().optional(),
    requestedAt: z.iso.datetime(),
    /** Set by the gateway: the worker reads `file` only inside this folder, by real path, no symlinks. */
    fileRoot: z.string().min(1).optional(),
  })
  .refine((j) => (j.file ? 1 : 0) + (j.url ? 1 : 0) === 1, { message: "exactly one of file or url" });
export type IngestJob = z.infer<typeof ingestJobSchema>;

const regionLevel = z.enum(["county", "state", "country"]) satisfies z.ZodType<RegionLevel>;
export const regionRecordSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  level: regionLevel,
  parentId: z.number().int().nullable(),
  fips: z.string().nullable(),
  iso2: z.string().nullable(),
  iso3: z.string().nullable(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  population: z.number().nullable(),
}) satisfies z.ZodType<RegionRecord>;

/** Every data message of a job carries its job id and sequence number, for exactly-once apply. */
const batchHeader = { jobId, seq: z.number().int().nonnegative(), source: sourceId };

export const regionBatchSchema = z.object({ ...batchHeader, regions: z.array(regionRecordSchema) });
export type RegionBatch = z.infer<typeof regionBatchSchema>;

export const quarantineBatchSchema = z.object({
  ...batchHeader,
  rows: z.array(z.object({ line: z.number().int().positive(), raw: z.string(), reason: z.string().min(1) })),
});
export type QuarantineBatch = z.infer<typeof quarantineBatchSchema>;

export const manifestSchema = z.object({
  jobId,
  source: sourceId,
  batches: z.number().int().nonnegative(),
  rowsRead: z.number().int().nonnegative(),
  bytesRead: z.number().int().nonnegative(),
  startedAt: z.iso.datetime(),
  error: z.string().optional(),
  /** Rows the adapter deliberately did not store (aggregates, places outside the registry). */
  rowsSkipped: z.number().int().nonnegative().optional(),
  /** The URL fetched and its validators; they become current when the job is done. */
  fetched: z.object({ url: z.string().min(1), etag: z.string().nullable(), lastModified: z.string().nullable() }).optional(),
  /** The source answered 304 Not Modified: nothing was read. */
  notModified: z.boolean().optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const countsSchema = z.object({
  accepted: z.number().int(),
  unchanged: z.number().int(),
  revised: z.number().int(),
  rejected: z.number().int(),
  regions: z.number().int(),
  /** Source rows deliberately not stored (see the manifest's rowsSkipped). */
  skipped: z.number().int().optional(),
});

export const jobEventSchema = z.object({
  jobId,
  source: sourceId,
  state: z.enum(["queued", "running", "done", "failed"]),
  counts: countsSchema.optional(),
  batchesDone: z.number().int().optional(),
  batchesExpected: z.number().int().nullable().optional(),
  startedAt: z.string().nullable().optional(),
  finishedAt: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
});
export type JobEvent = z.infer<typeof jobEventSchema>;

export const observationsCommittedSchema = z.object({
  jobId,
  source: sourceId,
  /** The observation dataset the rows were stored under, e.g. "jhu-us". */
  dataset: z.string(),
  counts: countsSchema,
});
export type ObservationsCommitted = z.infer<typeof observationsCommittedSchema>;

export const riskQuerySchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  groupSize: z.number().int().min(1).max(100_000),
  /** YYYY-MM-DD; absent = latest available. */
  date: z.iso.date().optional(),
});
export type RiskQuery = z.infer<typeof riskQuerySchema>;

export const riskAnswerSchema = z.object({
  region: z.object({
    id: z.number().int(),
    name: z.string(),
    level: regionLevel,
    fips: z.string().nullable(),
    iso3: z.string().nullable(),
    population: z.number().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
  }),
  /** How the region was found: the point lies inside its boundary, or its centroid is nearest. */
  match: z.enum(["contains", "nearest"]),
  distanceKm: z.number(),
  asOf: z.iso.date(),
  dataset: z.string(),
  metrics: z.object({
    cumulativeCases: z.number().nullable(),
    cumulativeDeaths: z.number().nullable(),
    newCases7dAvg: z.number().nullable(),
    newCases7dAvgPer100k: z.number().nullable(),
    casesLast10Days: z.number().nullable(),
    /** Covid Act Now's caseDensity: 7-day average of new cases per 100k (= newCases7dAvgPer100k). */
    caseDensity: z.number().nullable(),
    /** New cases in the last 7 days per 100k: the CDC's case rate. */
    weeklyNewCasesPer100k: z.number().nullable(),
    /** Rt, and (as Covid Act Now reports it) the upper end of its 90% credible interval; null until enough history. */
    infectionRate: z.number().nullable(),
    infectionRateCI90: z.number().nullable(),
    /** No loaded source carries tests yet: null, and its level "unknown". */
    testPositivityRatio: z.number().nullable(),
  }),
  eventRisk: z.object({
    groupSize: z.number().int(),
    ascertainment: z.number(),
    /** Estimated fraction of the population currently infectious. */
    prevalence: z.number().nullable(),
    /** P(at least one infectious person among groupSize), 0–1. */
    probability: z.number().nullable(),
    /** The probability with the ascertainment at the ends of its interval (3–10 around the default 5). */
    interval: z.object({ low: z.number(), high: z.number(), ascertainmentLow: z.number(), ascertainmentHigh: z.number() }).nullable().optional(),
    /** The mobility change (percent, latest day only) and the contact factor on groupSize (1 = no adjustment). */
    mobilityChange: z.number().nullable().optional(),
    contactFactor: z.number().optional(),
  }),
  /** County → state → country around the point, with distances; `region` is the most local fresh one. */
  regions: z.array(regionCandidateSchema),
  riskLevels: riskLevelsSchema,
  /** CDC community transmission level (cases per 100k over 7 days; positivity unknown). */
  cdcLevel: cdcLevelSchema,
  cluster: clusterRefSchema.nullable(),
  forecast: forecastSummarySchema.nullable(),
  /** The current CDC indicators around the point (NSSP ED visits, NHSN admissions of its state). */
  current: currentIndicatorsSchema,
  /** The state's hospital-admission forecast, next to current.hospitalAdmissions. */
  hospitalAdmissionsForecast: hospForecastSummarySchema.nullable().optional(),
});
export type RiskAnswer = z.infer<typeof riskAnswerSchema>;

export const MAX_BATCH_POINTS = 100;
export const riskBatchQuerySchema = z.object({ queries: z.array(riskQuerySchema).min(1).max(MAX_BATCH_POINTS) });
export type RiskBatchQuery = z.infer<typeof riskBatchQuerySchema>;

/** One result per query, in order: an answer, or the error that query alone met. */
export const riskBatchResultSchema = z.object({
  results: z.array(z.union([z.object({ answer: riskAnswerSchema }), z.object({ error: z.object({ code: z.string(), message: z.string() }) })])),
});
export type RiskBatchResult = z.infer<typeof riskBatchResultSchema>;

export const sourceValidatorsQuerySchema = z.object({ url: z.string().min(1) });
/** Both null when the URL was never fetched to the end. */
export const sourceValidatorsSchema = z.object({ etag: z.string().nullable(), lastModified: z.string().nullable() });

export const storageHealthSchema = z.object({ ok: z.boolean(), driver: z.string(), ms: z.number() });
/** A risk worker's snapshot: `ready` when a risk query for a region with data would be answered. */
export const riskStatusSchema = z.object({ ready: z.boolean(), regions: z.number().int(), lastDate: z.string().nullable() });
export type RiskStatus = z.infer<typeof riskStatusSchema>;
export const emptySchema = z.object({});

/** Errors travel back over request/reply as this payload (header Mesh-Error: 1). */
export const remoteErrorSchema = z.object({
  /** One of domain's ERROR_CODES; gateway/errors.ts maps it to an HTTP status. */
  code: z.string(),
  message: z.string(),
});
export type RemoteErrorPayload = z.infer<typeof remoteErrorSchema>;

/** Bulk columns travel as Arrow IPC tables; the codec checks the framing, not this schema. */
const arrowTable = z.custom<Table>();
const ARROW = "arrow-ipc" as const;

export const messages = {
  ingestJob: { type: "covid.ingest-job", version: 1, schema: ingestJobSchema },
  regionBatch: { type: "covid.region-batch", version: 1, schema: regionBatchSchema },
  /** Arrow IPC; schema metadata carries jobId, seq and source (see pipelines' observationTable). */
  observationBatch: { type: "covid.observation-batch", version: 1, encoding: ARROW, schema: arrowTable },
  quarantineBatch: { type: "covid.quarantine-batch", version: 1, schema: quarantineBatchSchema },
  manifest: { type: "covid.ingest-manifest", version: 1, schema: manifestSchema },
  jobEvent: { type: "covid.job-event", version: 1, schema: jobEventSchema },
  observationsCommitted: { type: "covid.observations-committed", version: 1, schema: observationsCommittedSchema },
  riskQuery: { type: "covid.risk-query", version: 1, schema: riskQuerySchema },
  // Version 2: regions chain, riskLevels, cdcLevel, cluster, forecast and the CAN metric names.
  // Version 3: `current` (NSSP ED visits and NHSN admissions).
  // Version 4: `hospitalAdmissionsForecast`.
  riskAnswer: { type: "covid.risk-answer", version: 4, schema: riskAnswerSchema },
  storageHealthQuery: { type: "covid.storage-health-query", version: 1, schema: emptySchema },
  storageHealth: { type: "covid.storage-health", version: 1, schema: storageHealthSchema },
  riskStatusQuery: { type: "covid.risk-status-query", version: 1, schema: emptySchema },
  riskStatus: { type: "covid.risk-status", version: 1, schema: riskStatusSchema },
  sourceValidatorsQuery: { type: "covid.source-validators-query", version: 1, schema: sourceValidatorsQuerySchema },
  sourceValidators: { type: "covid.source-validators", version: 1, schema: sourceValidatorsSchema },
  /** Arrow IPC, like observationBatch, with the mobility value columns (pipelines' mobilityTable). */
  mobilityBatch: { type: "covid.mobility-batch", version: 1, encoding: ARROW, schema: arrowTable },
  /** Arrow IPC: region-weeks of one weekly metric with their publication day (pipelines' weeklyTable). */
  weeklyBatch: { type: "covid.weekly-batch", version: 1, encoding: ARROW, schema: arrowTable },
  riskBatchQuery: { type: "covid.risk-batch-query", version: 1, schema: riskBatchQuerySchema },
  riskBatchResult: { type: "covid.risk-batch-result", version: 1, schema: riskBatchResultSchema },
  riskSnapshotUpdated: { type: "covid.risk-snapshot-updated", version: 1, schema: riskSnapshotUpdatedSchema },
  regionSearchQuery: { type: "covid.region-search-query", version: 1, schema: regionSearchQuerySchema },
  regionSearchResult: { type: "covid.region-search-result", version: 1, schema: regionSearchResultSchema },
  regionGetQuery: { type: "covid.region-get-query", version: 1, schema: regionIdQuerySchema },
  regionDetail: { type: "covid.region-detail", version: 1, schema: regionDetailSchema },
  timeseriesQuery: { type: "covid.timeseries-query", version: 1, schema: timeseriesQuerySchema },
  timeseries: { type: "covid.timeseries", version: 1, schema: timeseriesSchema },
  forecastQuery: { type: "covid.forecast-query", version: 1, schema: regionIdQuerySchema },
  forecast: { type: "covid.forecast", version: 1, schema: forecastSchema },
  // A region's forecast of weekly hospital admissions (Forecast Hub `wk inc covid hosp`).
  hospForecastQuery: { type: "covid.hosp-forecast-query", version: 1, schema: hospForecastQuerySchema },
  hospForecast: { type: "covid.hosp-forecast", version: 1, schema: hospForecastSchema },
  // Version 2: `run` chooses (and the answer names) the historical or the current-indicator clusters.
  clustersQuery: { type: "covid.clusters-query", version: 2, schema: clustersQuerySchema },
  clusters: { type: "covid.clusters", version: 2, schema: clustersSchema },
  // A region's weekly NSSP ED visits and NHSN admissions.
  weeklyQuery: { type: "covid.weekly-query", version: 1, schema: weeklyQuerySchema },
  weeklyHistory: { type: "covid.weekly-history", version: 1, schema: weeklyHistorySchema },
  // Jobs, pushed reports, device activity: schemas in jobMessages.ts / activityMessages.ts.
  jobRecord: { type: "covid.job-record", version: 1, schema: jobRecordSchema },
  reportBatch: { type: "covid.report-batch", version: 1, schema: reportBatchSchema },
  activityPings: { type: "covid.activity-pings", version: 1, schema: activityPingBatchSchema },
  activityPingResult: { type: "covid.activity-ping-result", version: 1, schema: activityPingResultSchema },
  devicePresenceBatch: { type: "covid.device-presence-batch", version: 1, schema: devicePresenceBatchSchema },
  activityQuery: { type: "covid.activity-query", version: 1, schema: activityQuerySchema },
  activityAnswer: { type: "covid.activity-answer", version: 1, schema: activityAnswerSchema },
  // The exposure-risk worker finished (and stored) a recompute of the risk models.
  riskModelsUpdated: { type: "covid.risk-models-updated", version: 1, schema: riskModelsUpdatedSchema },
};
