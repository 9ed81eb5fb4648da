// The subject contract of the mesh: every subject and stream any service uses is named here
// and nowhere else. Subjects name resources (what the data is), never a service.
//
// A `prefix` namespaces the whole contract so that tests (and several systems sharing one
// NATS server) never see each other's streams: prefix "t1" turns `covid.observations.jhu-us`
// into `t1.covid.observations.jhu-us` and stream `OBSERVATIONS` into `T1_OBSERVATIONS`.
export interface StreamSpec {
  name: string;
  subjects: string[];
  retention: "limits" | "workqueue";
  /** Max age in milliseconds; 0 = keep forever. */
  maxAgeMs: number;
  /** Duplicate window for Nats-Msg-Id deduplication, ms. */
  duplicateWindowMs: number;
  /** Size cap in bytes; -1 = none (tests on a shared server: a cap is a reservation of file store). */
  maxBytes?: number;
  /**
   * What a full stream does: "new" refuses the publish (the publisher sees an error and retries:
   * no queued job or unstored batch is ever dropped), "old" drops the oldest messages.
   */
  discard?: "old" | "new";
}

/** Keys of Contract["streams"]. */
export type StreamKey = "ingestJobs" | "data" | "jobEvents" | "deadLetters" | "reports" | "activity";

const MIB = 1024 * 1024;
/**
 * A deployment's stream caps (serve reads STREAM_MAX_BYTES over these). Their sum, times one per
 * replica a node holds, must stay under the nodes' max_file_store (deploy/nats: 10G by default):
 * JetStream reserves each stream's cap when it is created.
 */
export const DEFAULT_STREAM_MAX_BYTES: Readonly<Record<StreamKey, number>> = {
  ingestJobs: 128 * MIB,
  data: 4096 * MIB,
  jobEvents: 512 * MIB,
  deadLetters: 1024 * MIB,
  reports: 512 * MIB,
  activity: 1024 * MIB,
};

export interface ContractOptions {
  /** Per-stream caps in bytes; a stream not named has none (-1). */
  maxBytes?: Partial<Record<StreamKey, number>>;
}

export interface Contract {
  prefix: string;
  subjects: {
    /** Ingest job requests any submitter may publish (gateway, scheduler, CLI): URLs, or files under the worker's INGEST_FILE_ROOT (work queue). */
    ingestJobs: string;
    /** Ingest jobs naming any file the worker can read: only the operator's CLI may publish here (NATS permissions). */
    ingestFileJobs: string;
    /** Region registry batches from a source: `covid.regions.<source>`. */
    regions: (source: string) => string;
    /** Observation batches from a source: `covid.observations.<source>`. */
    observations: (source: string) => string;
    /** Rows a source adapter rejected, with reasons: `covid.quarantine.<source>`. */
    quarantine: (source: string) => string;
    /** End-of-job manifest from a source adapter: `covid.manifests.<source>`. */
    manifests: (source: string) => string;
    /** Wildcard over everything the persistence pool stores. */
    persistAll: string[];
    /** Social-activity (mobility) batches from a source: `covid.mobility.<dataset>`. */
    mobility: (source: string) => string;
    /** Weekly indicator batches (region-weeks with their publication): `covid.weekly.<dataset>`. */
    weekly: (source: string) => string;
    /** Request/reply: the HTTP validators stored for a source URL (for conditional fetches). */
    sourceValidators: string;
    /** Job lifecycle events for one job: `covid.jobs.events.<jobId>`. */
    jobEvents: (jobId: string) => string;
    jobEventsAll: string;
    /** Event (core NATS): observations were committed to storage. */
    observationsCommitted: string;
    /** Request/reply: exposure risk at a point. */
    riskQuery: string;
    /** Request/reply: exposure risk of the regions the gateway located a point in (a risk frame). */
    riskRegions: string;
    /** Request/reply: several riskRegions queries in one message (the gateway's micro-batches), one result each. */
    riskRegionsBatch: string;
    /** Request/reply: is storage reachable? */
    storageHealth: string;
    /** Request/reply: has a risk worker a snapshot with data (would a risk query be answered)? */
    riskStatus: string;
    /** Request/reply: exposure risk at up to 100 points in one round trip. */
    riskBatch: string;
    /** Event (core NATS): a risk worker swapped in a rebuilt snapshot; answers may have changed. */
    riskSnapshotUpdated: string;
    /** Request/reply: regions by name or code. (Not under `covid.regions.*`: that is a stream.) */
    regionSearch: string;
    /** Request/reply: one region with its parents and data coverage. */
    regionGet: string;
    /** Request/reply: daily metrics and levels of one region. */
    timeseries: string;
    /** Request/reply: the 1–4 week quantile forecast of one region. */
    forecastGet: string;
    /** Request/reply: a state's (or the US') forecast of weekly hospital admissions. */
    hospForecastGet: string;
    /** Request/reply: risk clusters and their member regions. */
    clustersList: string;
    /** Request/reply: a region's weekly NSSP ED visits and NHSN admissions. */
    weeklyGet: string;
    /** Case-report batches pushed by a health authority (work queue). */
    reportsSubmitted: string;
    /** Request/reply: a batch of device pings to aggregate. Core NATS only, so raw coordinates are never stored. */
    activityPings: string;
    /** Anonymised device presences (region, hour, salted device hash) to store. */
    activityPresence: string;
    /** Request/reply: distinct devices of one region per hour and per day (k-anonymous). */
    activityQuery: string;
    /** Dead letters: `mesh.dlq.<stream>.<consumer>`. */
    deadLetter: (stream: string, consumer: string) => string;
    /** Event (core NATS): a risk worker recomputed metrics, clusters and forecasts and stored them. */
    riskModelsUpdated: string;
    deadLetterAll: string;
  };
  streams: Record<StreamKey, StreamSpec>;
  /** NATS KV buckets: job state, and small shared state (poller validators, device salt). */
  kv: { jobs: string; state: string };
  /** Queue groups: instances of one pool share the work. */
  queues: { exposureRisk: string; persistence: string; socialActivity: string };
  /** Durable consumer names. */
  consumers: { ingest: string; ingestFiles: string; persistence: string; reports: string; activity: string };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Subject tokens may not contain '.', '*', '>' or whitespace. */
export function assertToken(token: string, what: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new TypeError(`${what} "${token}" is not a valid subject token (use letters, digits, '-' and '_')`);
  }
  return token;
}

export function createContract(prefix = "", opts: ContractOptions = {}): Contract {
  const cap = (key: StreamKey) => opts.maxBytes?.[key] ?? -1;
  if (prefix) assertToken(prefix, "contract prefix");
  const s = (subject: string) => (prefix ? `${prefix}.${subject}` : subject);
  const streamName = (name: string) => (prefix ? `${prefix.toUpperCase().replace(/-/g, "_")}_${name}` : name);

  const subjects: Contract["subjects"] = {
    ingestJobs: s("covid.jobs.ingest"),
    ingestFileJobs: s("covid.jobs.ingest-file"),
    regions: (source) => s(`covid.regions.${assertToken(source, "source")}`),
    observations: (source) => s(`covid.observations.${assertToken(source, "source")}`),
    quarantine: (source) => s(`covid.quarantine.${assertToken(source, "source")}`),
    manifests: (source) => s(`covid.manifests.${assertToken(source, "source")}`),
    persistAll: [s("covid.regions.*"), s("covid.observations.*"), s("covid.quarantine.*"), s("covid.manifests.*"), s("covid.mobility.*"), s("covid.weekly.*")],
    mobility: (source) => s(`covid.mobility.${assertToken(source, "source")}`),
    weekly: (source) => s(`covid.weekly.${assertToken(source, "source")}`),
    sourceValidators: s("covid.storage.validators"),
    jobEvents: (jobId) => s(`covid.jobs.events.${assertToken(jobId, "job id")}`),
    jobEventsAll: s("covid.jobs.events.*"),
    observationsCommitted: s("covid.events.observations.committed"),
    riskQuery: s("covid.risk.query"),
    riskRegions: s("covid.risk.regions"),
    riskRegionsBatch: s("covid.risk.regions.batch"),
    storageHealth: s("covid.storage.health"),
    riskStatus: s("covid.risk.status"),
    riskBatch: s("covid.risk.batch"),
    riskSnapshotUpdated: s("covid.events.risk.updated"),
    regionSearch: s("covid.region-directory.search"),
    regionGet: s("covid.region-directory.get"),
    timeseries: s("covid.timeseries.get"),
    forecastGet: s("covid.forecasts.get"),
    hospForecastGet: s("covid.hosp-forecasts.get"),
    clustersList: s("covid.clusters.list"),
    weeklyGet: s("covid.weekly-indicators.get"),
    reportsSubmitted: s("covid.reports.submitted"),
    activityPings: s("covid.activity.pings"),
    activityPresence: s("covid.activity.presence"),
    activityQuery: s("covid.activity.query"),
    deadLetter: (stream, consumer) => s(`mesh.dlq.${assertToken(stream, "stream")}.${assertToken(consumer, "consumer")}`),
    deadLetterAll: s("mesh.dlq.>"),
    riskModelsUpdated: s("covid.events.risk.models-updated"),
  };

  return {
    prefix,
    subjects,
    streams: {
      ingestJobs: {
        name: streamName("INGEST_JOBS"),
        // Two subjects, so that NATS permissions can keep the gateway off the file-job one.
        subjects: [subjects.ingestJobs, subjects.ingestFileJobs],
        retention: "workqueue",
        maxAgeMs: 7 * DAY,
        duplicateWindowMs: 2 * MINUTE,
        maxBytes: cap("ingestJobs"),
        discard: "new",
      },
      data: {
        name: streamName("COVID_DATA"),
        subjects: subjects.persistAll,
        retention: "limits",
        maxAgeMs: 2 * DAY,
        duplicateWindowMs: 10 * MINUTE,
        maxBytes: cap("data"),
        // Limits retention keeps every batch for maxAge: refusing new ones when full would stop
        // all ingestion until old ones age out. The oldest are long stored by persistence.
        discard: "old",
      },
      jobEvents: {
        name: streamName("JOB_EVENTS"),
        subjects: [subjects.jobEventsAll],
        retention: "limits",
        maxAgeMs: 7 * DAY,
        duplicateWindowMs: 2 * MINUTE,
        maxBytes: cap("jobEvents"),
        discard: "old",
      },
      deadLetters: {
        name: streamName("DEAD_LETTERS"),
        subjects: [subjects.deadLetterAll],
        retention: "limits",
        maxAgeMs: 30 * DAY,
        duplicateWindowMs: 2 * MINUTE,
        maxBytes: cap("deadLetters"),
        discard: "old",
      },
      reports: {
        name: streamName("REPORTS"),
        subjects: [subjects.reportsSubmitted],
        retention: "workqueue",
        maxAgeMs: 7 * DAY,
        // Clients may retry a batch with the same Idempotency-Key for this long.
        duplicateWindowMs: 10 * MINUTE,
        maxBytes: cap("reports"),
        discard: "new",
      },
      activity: {
        name: streamName("ACTIVITY"),
        subjects: [subjects.activityPresence],
        retention: "workqueue",
        maxAgeMs: 2 * DAY,
        duplicateWindowMs: 2 * MINUTE,
        maxBytes: cap("activity"),
        discard: "new",
      },
    },
    kv: { jobs: streamName("JOBS"), state: streamName("MESH_STATE") },
    queues: { exposureRisk: "exposure-risk", persistence: "persistence", socialActivity: "social-activity" },
    consumers: { ingest: "covid-data-ingest", ingestFiles: "covid-data-ingest-files", persistence: "persistence", reports: "reports", activity: "social-activity" },
  };
}
