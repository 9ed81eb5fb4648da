// The storage API: one interface, two drivers (postgres.js and PGlite), one contract suite.

export type RegionLevel = "county" | "state" | "country";

export interface RegionRecord {
  /** JHU CSSE UID: countries use their ISO 3166 numeric code, US counties 840·10^5 + FIPS. */
  id: number;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  fips: string | null;
  iso2: string | null;
  iso3: string | null;
  lat: number | null;
  lon: number | null;
  population: number | null;
}

/**
 * Observations in columns. `day` is days since 1970-01-01 (UTC). A metric column that is
 * absent means "this source/file does not carry it" and leaves the stored value alone; NaN
 * inside a present column means "unknown for this day" and is stored as NULL.
 */
export interface ObservationColumns {
  regionId: Int32Array;
  day: Int32Array;
  cumCases?: Float64Array;
  newCases?: Float64Array;
  cumDeaths?: Float64Array;
  newDeaths?: Float64Array;
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
}

export interface JobSummary extends BatchCounts {
  jobId: string;
  source: string;
  state: "running" | "done" | "failed";
  batchesDone: number;
  batchesExpected: number | null;
  rowsRead: number | null;
  bytesRead: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/** Columnar history for the risk snapshot, sorted by (regionId, day). */
export interface ObservationSeries {
  regionId: Int32Array;
  day: Int32Array;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
}

export interface Storage {
  readonly driver: "postgres" | "pglite";
  /** Runs pending migrations under a Postgres advisory lock (safe when two instances start at once). */
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Apply one data message of a job, exactly once per (jobId, seq), in one transaction. */
  applyRegions(jobId: string, seq: number, regions: RegionRecord[]): Promise<ApplyResult>;
  applyObservations(jobId: string, seq: number, source: string, columns: ObservationColumns): Promise<ApplyResult>;
  applyQuarantine(jobId: string, seq: number, rows: QuarantineRecord[]): Promise<ApplyResult>;
  /** Record the job's manifest (idempotent). */
  recordManifest(manifest: JobManifest): Promise<void>;
  /**
   * Marks the job done if its manifest is in and every batch is applied. Returns the summary
   * only to the one caller that made the transition, so completion is announced once.
   */
  completeJobIfDone(jobId: string): Promise<JobSummary | null>;
  jobSummary(jobId: string): Promise<JobSummary | null>;

  listRegions(): Promise<RegionRecord[]>;
  loadObservationSeries(source: string): Promise<ObservationSeries>;
  countObservations(source?: string): Promise<number>;
  getObservation(regionId: number, source: string, day: number): Promise<{
    cumCases: number | null; newCases: number | null; cumDeaths: number | null; newDeaths: number | null; revision: number;
  } | null>;
  listQuarantine(jobId: string): Promise<QuarantineRecord[]>;
}
