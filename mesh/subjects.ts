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
}

export interface Contract {
  prefix: string;
  subjects: {
    /** Ingest job requests (work queue). */
    ingestJobs: string;
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
    /** Job lifecycle events for one job: `covid.jobs.events.<jobId>`. */
    jobEvents: (jobId: string) => string;
    jobEventsAll: string;
    /** Event (core NATS): observations were committed to storage. */
    observationsCommitted: string;
    /** Request/reply: exposure risk at a point. */
    riskQuery: string;
    /** Request/reply: is storage reachable? */
    storageHealth: string;
    /** Dead letters: `mesh.dlq.<stream>.<consumer>`. */
    deadLetter: (stream: string, consumer: string) => string;
    deadLetterAll: string;
  };
  streams: {
    ingestJobs: StreamSpec;
    data: StreamSpec;
    jobEvents: StreamSpec;
    deadLetters: StreamSpec;
  };
  /** Queue groups: instances of one pool share the work. */
  queues: { exposureRisk: string; persistence: string };
  /** Durable consumer names. */
  consumers: { ingest: string; persistence: string };
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

export function createContract(prefix = ""): Contract {
  if (prefix) assertToken(prefix, "contract prefix");
  const s = (subject: string) => (prefix ? `${prefix}.${subject}` : subject);
  const streamName = (name: string) => (prefix ? `${prefix.toUpperCase().replace(/-/g, "_")}_${name}` : name);

  const subjects: Contract["subjects"] = {
    ingestJobs: s("covid.jobs.ingest"),
    regions: (source) => s(`covid.regions.${assertToken(source, "source")}`),
    observations: (source) => s(`covid.observations.${assertToken(source, "source")}`),
    quarantine: (source) => s(`covid.quarantine.${assertToken(source, "source")}`),
    manifests: (source) => s(`covid.manifests.${assertToken(source, "source")}`),
    persistAll: [s("covid.regions.*"), s("covid.observations.*"), s("covid.quarantine.*"), s("covid.manifests.*")],
    jobEvents: (jobId) => s(`covid.jobs.events.${assertToken(jobId, "job id")}`),
    jobEventsAll: s("covid.jobs.events.*"),
    observationsCommitted: s("covid.events.observations.committed"),
    riskQuery: s("covid.risk.query"),
    storageHealth: s("covid.storage.health"),
    deadLetter: (stream, consumer) => s(`mesh.dlq.${assertToken(stream, "stream")}.${assertToken(consumer, "consumer")}`),
    deadLetterAll: s("mesh.dlq.>"),
  };

  return {
    prefix,
    subjects,
    streams: {
      ingestJobs: {
        name: streamName("INGEST_JOBS"),
        subjects: [subjects.ingestJobs],
        retention: "workqueue",
        maxAgeMs: 7 * DAY,
        duplicateWindowMs: 2 * MINUTE,
      },
      data: {
        name: streamName("COVID_DATA"),
        subjects: subjects.persistAll,
        retention: "limits",
        maxAgeMs: 2 * DAY,
        duplicateWindowMs: 10 * MINUTE,
      },
      jobEvents: {
        name: streamName("JOB_EVENTS"),
        subjects: [subjects.jobEventsAll],
        retention: "limits",
        maxAgeMs: 7 * DAY,
        duplicateWindowMs: 2 * MINUTE,
      },
      deadLetters: {
        name: streamName("DEAD_LETTERS"),
        subjects: [subjects.deadLetterAll],
        retention: "limits",
        maxAgeMs: 30 * DAY,
        duplicateWindowMs: 2 * MINUTE,
      },
    },
    queues: { exposureRisk: "exposure-risk", persistence: "persistence" },
    consumers: { ingest: "covid-data-ingest", persistence: "persistence" },
  };
}
