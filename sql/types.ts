// The storage API: one interface, two drivers (postgres.js and PGlite), one contract suite.
import type { MobilityColumns, MobilitySeries, MobilityValues, ObservationColumns, ObservationSeries, RegionRecord, WeeklyStore } from "../domain/mod.ts";
import type { RiskStorage } from "./riskTypes.ts";
export type * from "./riskTypes.ts";
// The domain types the Storage signatures use, re-exported (not declared) for storage callers.
export type {
  MobilityColumns,
  MobilitySeries,
  MobilityValues,
  ObservationColumns,
  ObservationSeries,
  RegionLevel,
  RegionRecord,
} from "../domain/mod.ts";

/** One anonymous device seen in one region during one hour. No coordinates, ever. */
export interface DevicePresenceRecord {
  regionId: number;
  /** ISO-8601 time; truncated to the UTC hour when stored. */
  hour: string;
  /** An opaque, already-anonymised device identifier (≤ 128 characters). */
  deviceHash: string;
}

/** Distinct-device counts of one region; buckets below the k threshold are left out. */
export interface DeviceActivity {
  /** `hour` like "2024-05-01T10:00:00.000Z". */
  hourly: { hour: string; devices: number }[];
  /** `day` like "2024-05-01" (UTC); devices = distinct devices over the whole day. */
  daily: { day: string; devices: number }[];
}

/** HTTP validators of the last successful fetch of a URL. */
export interface SourceValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface QuarantineRecord {
  source: string;
  jobId: string;
  /** 1-based line number in the source file (the header is line 1). */
  line: number;
  raw: string;
  reason: string;
}

export interface BatchCounts {
  /** Region-days written: new, or changed by a revision. */
  accepted: number;
  /** Region-days already stored with identical values. */
  unchanged: number;
  /** Of `accepted`, how many changed an existing value. */
  revised: number;
  /** Quarantined source rows. */
  rejected: number;
  /** Region registry rows inserted or changed. */
  regions: number;
}

export interface ApplyResult extends BatchCounts {
  /** false when this (jobId, seq) had already been applied: a redelivery, nothing written. */
  applied: boolean;
}

export interface JobManifest {
  jobId: string;
  source: string;
  /** Number of data messages (seq 0 … batches-1) the job published. */
  batches: number;
  rowsRead: number;
  bytesRead: number;
  startedAt: string;
  /** Set when the adapter failed as a whole (unreadable file, unknown format). */
  error?: string;
  /** Source rows deliberately not stored (aggregates, places outside the registry); default 0. */
  rowsSkipped?: number;
  /**
   * The URL the job fetched and the validators it answered with. They become the URL's stored
   * validators (getSourceValidators) only when the job finishes done: a job that failed halfway
   * must not make the next fetch conditional on data that was never committed.
   */
  fetched?: { url: string } & SourceValidators;
}

export interface JobSummary extends BatchCounts {
  jobId: string;
  source: string;
  state: "running" | "done" | "failed";
  batchesDone: number;
  batchesExpected: number | null;
  rowsRead: number | null;
  bytesRead: number | null;
  /** Source rows deliberately not stored; 0 until the manifest is in. */
  skipped: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface Storage extends RiskStorage, WeeklyStore {
  readonly driver: "postgres" | "pglite";
  /** Runs pending migrations under a Postgres advisory lock (safe when two instances start at once). */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Apply one data message of a job, exactly once per (jobId, seq), in one transaction. */
  applyRegions(jobId: string, seq: number, regions: RegionRecord[]): Promise<ApplyResult>;
  /** `dropped`: rows taken out of the batch before storage (persistence's last guard), quarantined in the same transaction and counted as rejected. */
  applyObservations(jobId: string, seq: number, source: string, columns: ObservationColumns, dropped?: QuarantineRecord[]): Promise<ApplyResult>;
  applyQuarantine(jobId: string, seq: number, rows: QuarantineRecord[]): Promise<ApplyResult>;
  /** Like applyObservations, for the social_activity table. */
  applyMobility(jobId: string, seq: number, source: string, columns: MobilityColumns, dropped?: QuarantineRecord[]): Promise<ApplyResult>;
  /**
   * Inserts device-hour presences (duplicates are ignored), exactly once per (jobId, seq).
   * accepted = new presences, unchanged = presences already stored.
   */
  recordDevicePresence(jobId: string, seq: number, rows: DevicePresenceRecord[]): Promise<ApplyResult>;
  /** Record the job's manifest (idempotent). */
  recordManifest(manifest: JobManifest): Promise<void>;
  /**
   * Marks the job done if its manifest is in and every batch is applied. Returns the summary
   * only to the one caller that made the transition, so completion is announced once.
   */
  completeJobIfDone(jobId: string): Promise<JobSummary | null>;
  /**
   * Ends an unfinished job as failed (its batch was dead-lettered: it cannot complete). Returns
   * the summary only to the caller that made the transition; a finished job keeps its end.
   */
  failJob(jobId: string, source: string, error: string): Promise<JobSummary | null>;
  /** Finished jobs whose final event is still owed (the outbox), oldest first. */
  unannouncedJobs(limit?: number): Promise<JobSummary[]>;
  /** The final event of the job was acknowledged by JetStream: it is no longer owed. */
  markJobAnnounced(jobId: string): Promise<void>;
  jobSummary(jobId: string): Promise<JobSummary | null>;

  listRegions(): Promise<RegionRecord[]>;
  loadObservationSeries(source: string): Promise<ObservationSeries>;
  countObservations(source?: string): Promise<number>;
  getObservation(
    regionId: number,
    source: string,
    day: number,
  ): Promise<{
    cumCases: number | null;
    newCases: number | null;
    cumDeaths: number | null;
    newDeaths: number | null;
    revision: number;
  } | null>;
  listQuarantine(jobId: string): Promise<QuarantineRecord[]>;

  loadMobilitySeries(source: string): Promise<MobilitySeries>;
  countMobility(source?: string): Promise<number>;
  getMobility(regionId: number, source: string, day: number): Promise<(MobilityValues & { revision: number }) | null>;
  /**
   * Distinct devices per hour and per UTC day for one region, over hours in [fromIso, toIso).
   * Only buckets with at least k distinct devices are returned (k ≥ 1), and a day only when
   * none, or at least k, of its devices were seen solely in hours that are not returned.
   */
  deviceActivity(regionId: number, fromIso: string, toIso: string, k: number): Promise<DeviceActivity>;
  /** Retention: deletes presences of hours before `beforeIso`; returns how many were deleted. */
  deleteDevicePresenceBefore(beforeIso: string): Promise<number>;

  /** Validators stored for a URL, or null when it was never fetched successfully. */
  getSourceValidators(url: string): Promise<SourceValidators | null>;
  saveSourceValidators(url: string, validators: SourceValidators): Promise<void>;
}
