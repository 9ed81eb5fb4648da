import type {
  ClusterRunKind,
  Clusters,
  Forecast,
  HospForecastAnswer,
  HospForecastQuery,
  RegionDetail,
  RegionSearchQuery,
  RegionSearchResult,
  RiskAnswer,
  RiskBatchResult,
  RiskQuery,
  RiskStatus,
  Timeseries,
  TimeseriesQuery,
  WeeklyHistory,
  WeeklyQuery,
} from "../mesh/messages.ts";
import type { Logger } from "../mesh/logger.ts";
import type {
  ActivityAnswer,
  ActivityPingBatch,
  ActivityPingResult,
  ActivityQuery,
  IngestJob,
  JobRecord,
  ReportBatch,
} from "../mesh/messages.ts";
import type { ApiKeyVerifier } from "./auth/apiKeys.ts";

/**
 * Everything the gateway needs from the mesh, as one narrow port. The gateway never calls a
 * worker or the database: each method is one mesh request.
 */
export interface MeshPort {
  risk(query: RiskQuery, ctx: RequestContext): Promise<RiskAnswer>;
  /** Up to 100 queries in one round trip; one result (answer or error) per query, in order. */
  riskBatch(queries: RiskQuery[], ctx: RequestContext): Promise<RiskBatchResult["results"]>;
  searchRegions(query: RegionSearchQuery, ctx: RequestContext): Promise<RegionSearchResult>;
  region(id: number, ctx: RequestContext): Promise<RegionDetail>;
  timeseries(query: TimeseriesQuery, ctx: RequestContext): Promise<Timeseries>;
  forecast(id: number, ctx: RequestContext): Promise<Forecast>;
  /** A state's (or the US') forecast of weekly hospital admissions (issue 10); format hubverse adds the hub's CSV. */
  hospForecast(query: HospForecastQuery, ctx: RequestContext): Promise<HospForecastAnswer>;
  /** The historical clusters (default) or those over the current CDC indicators. */
  clusters(ctx: RequestContext, run?: ClusterRunKind): Promise<Clusters>;
  /** A region's weekly NSSP ED visits and NHSN admissions (issue 9). */
  weekly(query: WeeklyQuery, ctx: RequestContext): Promise<WeeklyHistory>;
  /** Round trip to the storage pool (it answers after `select 1`). */
  storageHealth(ctx: RequestContext): Promise<{ ok: boolean; driver: string; ms: number }>;
  /** Round trip to the risk pool: has it a snapshot with data (would a risk query be answered)? */
  riskStatus(ctx: RequestContext): Promise<RiskStatus>;
  /** Does the NATS server answer a round trip within the time? */
  natsConnected(timeoutMs: number): Promise<boolean>;
  /**
   * Calls `listener` whenever cached answers may be stale (observations committed, a risk
   * snapshot rebuilt, a reconnect after which events may have been missed). Returns an unsubscribe.
   */
  onDataChanged(listener: (reason: string) => void): () => void;

  // Jobs, pushed reports and device activity (issue 3). Job state lives in NATS KV, which is
  // part of the mesh: the gateway reads it directly, with no worker in the way.
  /** Queues an ingest job (once per job id) and returns its record. */
  submitIngest(job: IngestJob, ctx: RequestContext): Promise<JobSubmission>;
  /** Queues a batch of pushed case reports (once per job id) and returns its job record. */
  submitReports(batch: ReportBatch, ctx: RequestContext): Promise<JobSubmission>;
  /** The job's record, or null when the id is unknown (or expired). */
  job(jobId: string, ctx: RequestContext): Promise<JobRecord | null>;
  /** Follows the job until it is done or failed, or `timeoutMs` passes; its latest record. */
  waitForJob(jobId: string, timeoutMs: number): Promise<JobRecord | null>;
  /** Hands device pings to the social-activity pool (request/reply: never stored raw). */
  submitActivity(batch: ActivityPingBatch, ctx: RequestContext): Promise<ActivityPingResult>;
  /** k-anonymous distinct-device counts of one region. */
  activity(query: ActivityQuery, ctx: RequestContext): Promise<ActivityAnswer>;
}

export interface JobSubmission {
  /** True when the job id had been submitted before: nothing new was queued. */
  duplicate: boolean;
  record: JobRecord;
}

export interface RequestContext {
  correlationId: string;
  /** Milliseconds the mesh may take before the gateway answers 503. */
  timeoutMs: number;
}

export interface RateLimitOptions {
  /** Tokens added per second per client; 0 disables the limit. */
  ratePerSecond: number;
  /** Bucket size: the burst a client may send at once. */
  burst: number;
}

export interface EdgeCacheOptions {
  /** Entries kept (least recently used dropped first); 0 disables the cache. */
  maxEntries: number;
  /** Safety net for missed update events: entries older than this are refetched. */
  ttlMs: number;
}

export interface GatewayOptions {
  mesh: MeshPort;
  requestTimeoutMs: number;
  /** Version string reported by /healthz. */
  version?: string;
  logger?: Logger;
  rateLimit?: RateLimitOptions;
  edgeCache?: EdgeCacheOptions;
  /** Cache-Control max-age of answers that change once a day, seconds. */
  cacheMaxAgeSeconds?: number;
  /**
   * Who a request counts against for the rate limit. Default: a valid API key if one is sent,
   * else the connecting address (Bun's server info), else "anonymous".
   */
  clientKey?: (req: Request, server: unknown) => string;
  /** Keys accepted by write routes (POST /v1/ingest, /v1/reports); none = those routes refuse. */
  apiKeys?: ApiKeyVerifier;
  /** POST /v1/ingest: known source ids (others are refused), and the folder file paths may name. */
  ingest?: { sources?: readonly string[]; fileRoot?: string };
  /** POST /v1/reports body limit in bytes (default 512 KiB). */
  reportsMaxBytes?: number;
}
