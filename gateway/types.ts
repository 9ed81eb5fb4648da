import type {
  ActivityAnswer,
  ActivityPingBatch,
  ActivityPingResult,
  ActivityQuery,
  ClusterRunKind,
  Clusters,
  Forecast,
  HospForecastAnswer,
  HospForecastQuery,
  IngestJob,
  JobRecord,
  RegionDetail,
  RegionSearchQuery,
  RegionSearchResult,
  ReportBatch,
  RiskBatchResult,
  RiskQuery,
  RiskStatus,
  Timeseries,
  TimeseriesQuery,
  WeeklyHistory,
  WeeklyQuery,
} from "../domain/mod.ts";
import type { Logger, RiskFrame, RiskRegionQuery } from "../mesh/mod.ts";
import type { ApiKeyVerifier } from "./auth/apiKeys.ts";
import type { ProxyList } from "./middleware/clientAddress.ts";

/**
 * Everything the gateway needs from the mesh, as one narrow port. The gateway never calls a
 * worker or the database: each method is one mesh request.
 */
export interface MeshPort {
  /**
   * The answer for the regions the gateway located a point in, as a frame to fill in per point.
   * `held`: the frame the gateway already holds for the query (a no-cache request): the pool is
   * still asked, and when its frame is that one (same tag) `held` itself comes back, without the
   * frame's bytes travelling again.
   */
  risk(query: RiskRegionQuery, ctx: RequestContext, held?: RiskFrame): Promise<RiskFrame>;
  /** Up to 100 queries in one round trip; one result (answer or error) per query, in order. */
  riskBatch(queries: RiskQuery[], ctx: RequestContext): Promise<RiskBatchResult["results"]>;
  searchRegions(query: RegionSearchQuery, ctx: RequestContext): Promise<RegionSearchResult>;
  region(id: number, ctx: RequestContext): Promise<RegionDetail>;
  timeseries(query: TimeseriesQuery, ctx: RequestContext): Promise<Timeseries>;
  forecast(id: number, ctx: RequestContext): Promise<Forecast>;
  /** A state's (or the US') forecast of weekly hospital admissions; format hubverse adds the hub's CSV. */
  hospForecast(query: HospForecastQuery, ctx: RequestContext): Promise<HospForecastAnswer>;
  /** The historical clusters (default) or those over the current CDC indicators. */
  clusters(ctx: RequestContext, run?: ClusterRunKind): Promise<Clusters>;
  /** A region's weekly NSSP ED visits and NHSN admissions. */
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

  // Jobs, pushed reports and device activity. Job state lives in NATS KV, which is
  // part of the mesh: the gateway reads it directly, with no worker in the way.
  /** Queues an ingest job (once per job id) and returns its record. */
  submitIngest(job: IngestJob, ctx: RequestContext, opts?: SubmitOptions): Promise<JobSubmission>;
  /** Queues a batch of pushed case reports (once per job id) and returns its job record. */
  submitReports(batch: ReportBatch, ctx: RequestContext, opts?: SubmitOptions): Promise<JobSubmission>;
  /** The job's record, or null when the id is unknown (or expired). */
  job(jobId: string, ctx: RequestContext): Promise<JobRecord | null>;
  /** Follows the job until it is done or failed, or `timeoutMs` passes; its latest record. */
  waitForJob(jobId: string, timeoutMs: number): Promise<JobRecord | null>;
  /** Hands device pings to the social-activity pool (request/reply: never stored raw). */
  submitActivity(batch: ActivityPingBatch, ctx: RequestContext): Promise<ActivityPingResult>;
  /** k-anonymous distinct-device counts of one region. */
  activity(query: ActivityQuery, ctx: RequestContext): Promise<ActivityAnswer>;
}

export interface SubmitOptions {
  /** The API key id of the submitter: that key (or an admin key) may read the job back. */
  owner?: string;
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
   * Who a request counts against for the rate limit. Default: a valid key if one is sent, else
   * the client address (the peer, or X-Forwarded-For from a trusted proxy; IPv6 per /64).
   */
  clientKey?: (req: Request, server: unknown) => string;
  /** Admin keys: POST /v1/ingest, /v1/reports, GET /metrics, and whatever an app key may do; none = those routes refuse. */
  apiKeys?: ApiKeyVerifier;
  /** App keys: POST /v1/activity (an app vouches for the device ids it sends). */
  appKeys?: ApiKeyVerifier;
  /** Keys that may read GET /metrics only (a Prometheus scrape credential). */
  metricsKeys?: ApiKeyVerifier;
  /** Peers (the load balancer) whose X-Forwarded-For names the client for the rate limit. */
  trustedProxies?: ProxyList;
  /** Keys that may read every job (GET /v1/jobs/:id); other keys read only the jobs they created. */
  adminKeys?: ApiKeyVerifier;
  /** POST /v1/ingest: known source ids (others are refused), and the folder file paths may name. */
  ingest?: { sources?: readonly string[]; fileRoot?: string };
  /** POST /v1/reports body limit in bytes (default 512 KiB). */
  reportsMaxBytes?: number;
}
