import type { DecompressionLimits } from "./gunzipLimits.ts";
import type { MobilityColumns, ObservationColumns, RegionRecord, WeeklyColumns } from "../domain/mod.ts";

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
  /** Caps on a gzip source's decompressed bytes and ratio (default DEFAULT_DECOMPRESSION_LIMITS). */
  decompression?: DecompressionLimits;
  /** Most bytes a plain (not gzipped) source may stream (default DEFAULT_MAX_PLAIN_BYTES, plainLimit.ts). */
  maxPlainBytes?: number;
  /**
   * Fetch URLs under this policy (allow-listed hosts, public addresses, timeouts, manual
   * redirects) and refuse file: URLs. Workers always pass one; trusted local callers may not.
   */
  fetch?: import("./fetchPolicy.ts").FetchPolicy;
  /** Read files only inside this folder (real path, no symlinks). */
  fileRoot?: string;
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
  counter?: CsvCounter;
  /**
   * Most characters one record may span, quoted or not (default 1 MiB, csvRows.ts). A longer
   * record comes out as an error row with its first characters; the rest of its line is dropped.
   */
  maxRecordChars?: number;
}

export interface CsvCounter {
  rows: number;
  /** Most characters of unparsed text the reader held at once (the memory one record can cost). */
  peakBufferedChars?: number;
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
  /** Region-weeks of one metric and one or more publications (domain/weekly.ts). */
  | { kind: "weekly"; columns: WeeklyColumns }
  | { kind: "quarantine"; rows: QuarantineRow[] }
  /** Rows deliberately not stored (aggregates, areas outside the registry): counted, with why. */
  | { kind: "skipped"; rows: number; reason: string };

export interface ParseOptions {
  /** Maximum region-days per observations event. */
  batchValues: number;
  /**
   * Publication day (days since 1970-01-01) of the file, for weekly sources whose rows carry no
   * as_of of their own: the source's Last-Modified, else the ingest time. Ignored by daily sources.
   */
  publishedDay?: number;
}

interface AdapterBase {
  id: string;
  /** Dataset the rows are stored under (e.g. "jhu-us"): the `source` column of the stored rows. */
  dataset: string;
  /** What the adapter produces besides regions: observations (cases/deaths), mobility or weekly indicators. */
  writes: "observations" | "mobility" | "regions" | "weekly";
}

/** A CSV source: read as a stream of rows, never held whole. */
export interface SourceAdapter extends AdapterBase {
  format?: "csv";
  parse(rows: AsyncIterable<CsvRow>, opts: ParseOptions): AsyncGenerator<AdapterEvent>;
}

/**
 * The bytes of a whole parquet file, random access (parquet's footer is at the end, so a
 * parquet source cannot be read as a forward stream). Same shape as hyparquet's AsyncBuffer.
 */
export interface ParquetFile {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

/** A parquet source: handed the whole file (held in memory up to a cap, see parquetBytes.ts). */
export interface ParquetSourceAdapter extends AdapterBase {
  format: "parquet";
  parseParquet(file: ParquetFile, opts: ParseOptions): AsyncGenerator<AdapterEvent>;
}

export type AnySourceAdapter = SourceAdapter | ParquetSourceAdapter;

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

export interface WeeklyBatch extends ObservationBatchMeta {
  columns: WeeklyColumns;
}
