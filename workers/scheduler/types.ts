// Types of the scheduler service: cron schedules and change pollers, one per source.

/** A cron schedule of one source: every firing queues one ingest job. */
export interface ScheduleSpec {
  source: string;
  /** Cron pattern (croner syntax; 5 fields, or 6 with seconds first). */
  cron: string;
  /** Exactly one of url or file. */
  url?: string;
  file?: string;
  /** IANA time zone the pattern is read in (default UTC). */
  timezone?: string;
}

/** A change poller of one source: checks on an interval, queues a job only when it changed. */
export interface PollerSpec {
  source: string;
  url?: string;
  file?: string;
  intervalMs: number;
}

/** Time, injectable so that tests run schedules without waiting for the wall clock. */
export interface Clock {
  now(): number;
  /** Resolves after `ms` of this clock's time, or at once when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** HTTP validators and a fingerprint of the version of a source last seen. */
export interface SourceVersion {
  etag: string | null;
  lastModified: string | null;
  /** Identifies the content version: validators, file size + mtime, or a content hash. */
  fingerprint: string;
}

/** What a poller keeps per source in the mesh state bucket. */
export interface PollerState extends SourceVersion {
  /** Number of changes seen so far; part of the job id, so each change is queued once. */
  version: number;
  jobId: string | null;
  changedAt: string;
}
