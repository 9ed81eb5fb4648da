// Message kinds of the contract: the payload schema and codec of every message type.
// JSON payloads are validated with zod on decode; bulk data travels as Arrow IPC.
import { z } from "zod";
import { jsonCodec } from "./codecs/json.ts";
import { arrowCodec } from "./codecs/arrow.ts";
import type { MessageDef } from "./types.ts";
import type { Table } from "apache-arrow";

export const sourceId = z.string().regex(/^[a-z0-9-]+$/, "source ids are lowercase letters, digits and '-'");
export const jobId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, "job ids are letters, digits, '-' and '_'");

export const ingestJobSchema = z
  .object({
    jobId,
    source: sourceId,
    file: z.string().min(1).optional(),
    url: z.url().optional(),
    requestedAt: z.iso.datetime(),
  })
  .refine((j) => (j.file ? 1 : 0) + (j.url ? 1 : 0) === 1, { message: "exactly one of file or url" });
export type IngestJob = z.infer<typeof ingestJobSchema>;

const regionLevel = z.enum(["county", "state", "country"]);
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
});

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
});
export type Manifest = z.infer<typeof manifestSchema>;

export const countsSchema = z.object({
  accepted: z.number().int(),
  unchanged: z.number().int(),
  revised: z.number().int(),
  rejected: z.number().int(),
  regions: z.number().int(),
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
  }),
  eventRisk: z.object({
    groupSize: z.number().int(),
    ascertainment: z.number(),
    /** Estimated fraction of the population currently infectious. */
    prevalence: z.number().nullable(),
    /** P(at least one infectious person among groupSize), 0–1. */
    probability: z.number().nullable(),
  }),
});
export type RiskAnswer = z.infer<typeof riskAnswerSchema>;

export const storageHealthSchema = z.object({ ok: z.boolean(), driver: z.string(), ms: z.number() });
export const emptySchema = z.object({});

/** Errors travel back over request/reply as this payload (header Mesh-Error: 1). */
export const remoteErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
});
export type RemoteErrorPayload = z.infer<typeof remoteErrorSchema>;

export const messages = {
  ingestJob: { type: "covid.ingest-job", version: 1, codec: jsonCodec(ingestJobSchema) },
  regionBatch: { type: "covid.region-batch", version: 1, codec: jsonCodec(regionBatchSchema) },
  /** Arrow IPC; schema metadata carries jobId, seq and source (see pipelines' observationTable). */
  observationBatch: { type: "covid.observation-batch", version: 1, codec: arrowCodec },
  quarantineBatch: { type: "covid.quarantine-batch", version: 1, codec: jsonCodec(quarantineBatchSchema) },
  manifest: { type: "covid.ingest-manifest", version: 1, codec: jsonCodec(manifestSchema) },
  jobEvent: { type: "covid.job-event", version: 1, codec: jsonCodec(jobEventSchema) },
  observationsCommitted: { type: "covid.observations-committed", version: 1, codec: jsonCodec(observationsCommittedSchema) },
  riskQuery: { type: "covid.risk-query", version: 1, codec: jsonCodec(riskQuerySchema) },
  riskAnswer: { type: "covid.risk-answer", version: 1, codec: jsonCodec(riskAnswerSchema) },
  storageHealthQuery: { type: "covid.storage-health-query", version: 1, codec: jsonCodec(emptySchema) },
  storageHealth: { type: "covid.storage-health", version: 1, codec: jsonCodec(storageHealthSchema) },
} satisfies Record<string, MessageDef<unknown>>;

export type ObservationTable = Table;
