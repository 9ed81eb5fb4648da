import type { MobilityColumns, ObservationColumns, RegionRecord } from "../sql/types.ts";

/** Where a source is read from: exactly one of a local path or an HTTP(S)/file URL. */
export interface SourceSpec {
  file?: string;
  url?: string;
}

export interface OpenSourceOptions {
  signal?: AbortSignal;
  /**
   * Validators of the last successful fetch of this URL: sent as If-None-Match /
   * If-Modified-Since, so an unchanged source answers 304 and costs one request. Ignored for files.
   */
  validators?: { etag: string | null; lastModified: string | null } | null;
}

/** A source opened as a stream of (already gunzipped) bytes. */
export interface OpenedSource {
  stream: AsyncIterable<Uint8Array>;
  /** Source bytes consumed so far, counted before decompression. */
  bytesRead(): number;
  /** True when the bytes started with the gzip magic number and are being gunzipped. */
  gzip: boolean;
  etag?: string;
  lastModified?: string;
  /** The server answered 304 Not Modified to a conditional request: the stream is empty. */
  notModified: boolean;
}

/** One CSV record. `line` is the 1-based line where the record starts (the header is line 1). */
export interface CsvRow {
  line: number;
  fields: string[];
  /** The record's source text without its line terminator. */
  raw: string;
  /** Set when the reader itself found the record broken (e.g. a truncated last line); fields are then unreliable. */
  error?: string;
}

export interface CsvRowsOptions {
  /**
   * Treat a last line without a terminating newline as truncated (default true). The JHU files
   * always end with "\n", so a missing one means the download was cut, possibly mid-number.
   */
  requireFinalNewline?: boolean;
  /** Incremented by the number of records read (header and broken records included). */
  counter?: { rows: number };
}

export interface QuarantineRow {
  line: number;
  raw: string;
  reason: string;
}

export type AdapterEvent =
  | { kind: "regions"; regions: RegionRecord[] }
  | { kind: "observations"; columns: ObservationColumns }
  | { kind: "mobility"; columns: MobilityColumns }
  | { kind: "quarantine"; rows: QuarantineRow[] }
  /** Rows deliberately not stored (aggregates, areas outside the registry): counted, with why. */
  | { kind: "skipped"; rows: number; reason: string };

export interface ParseOptions {
  /** Maximum region-days per observations event. */
  batchValues: number;
}

export interface SourceAdapter {
  id: string;
  /** Dataset the rows are stored under (e.g. "jhu-us"): the `source` column of the stored rows. */
  dataset: string;
  /** What the adapter produces besides regions: observations (cases/deaths) or mobility. */
  writes: "observations" | "mobility" | "regions";
  parse(rows: AsyncIterable<CsvRow>, opts: ParseOptions): AsyncGenerator<AdapterEvent>;
}

/** Metadata carried by an observation Arrow table (schema metadata). */
export interface ObservationBatchMeta {
  jobId: string;
  seq: number;
  source: string;
  dataset: string;
}

export interface ObservationBatch extends ObservationBatchMeta {
  columns: ObservationColumns;
}

export interface MobilityBatch extends ObservationBatchMeta {
  columns: MobilityColumns;
}
