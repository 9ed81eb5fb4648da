// Reads the named columns of a parquet file with hyparquet (a maintained, dependency-free reader
// of the parquet format in plain JavaScript: snappy built in, no native build, runs under Bun and
// Node). Decoding errors of any kind (cut file, bad footer, corrupt page) become one
// SourceDecodeError, so the job fails with a reason and publishes nothing.
import { parquetMetadata, parquetRead, parquetSchema, type FileMetaData } from "hyparquet";
import { dayOfTime } from "../../domain/mod.ts";
import { MissingColumnError, SourceDecodeError } from "../errors.ts";
import type { ParquetFile } from "../types.ts";
import { RowRejected } from "./jhuFields.ts";
import { windowDay } from "./longRows.ts";
import { MAX_VALUE } from "./jhuFields.ts";
import { dayField } from "./longRows.ts";

export interface ParquetColumns {
  numRows: number;
  /** Column name → its values in row order (DATE columns as day numbers, strings as strings). */
  columns: Record<string, ArrayLike<unknown>>;
}

/** Reads `required` (MissingColumnError when absent) and the `optional` columns that exist. */
export async function readParquetColumns(file: ParquetFile, source: string, required: readonly string[], optional: readonly string[] = []): Promise<ParquetColumns> {
  const whole = await wholeBuffer(file, source);
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(whole);
  } catch (err) {
    throw new SourceDecodeError(source, `not a complete parquet file (${(err as Error).message})`, { cause: err });
  }
  const names = new Set(parquetSchema(metadata).children.map((c) => c.element.name));
  const missing = required.filter((c) => !names.has(c));
  if (missing.length > 0) throw new MissingColumnError(source, missing);
  const wanted = [...required, ...optional.filter((c) => names.has(c))];
  const numRows = Number(metadata.num_rows);
  const chunks: Record<string, { rowStart: number; data: ArrayLike<unknown> }[]> = Object.fromEntries(wanted.map((c) => [c, []]));
  try {
    await parquetRead({
      file: whole,
      metadata,
      columns: wanted,
      // Day numbers straight from the INT32 DATE values: no Date object per row.
      parsers: { dateFromDays: (days: number) => days },
      onChunk(chunk) {
        chunks[chunk.columnName].push({ rowStart: chunk.rowStart, data: chunk.columnData });
      },
    });
  } catch (err) {
    throw new SourceDecodeError(source, `corrupt parquet data (${(err as Error).message})`, { cause: err });
  }
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of wanted) columns[name] = joinChunks(chunks[name], numRows, source, name);
  return { numRows, columns };
}

/** One row group is one chunk, used as it is; several are copied into one array. */
function joinChunks(list: { rowStart: number; data: ArrayLike<unknown> }[], numRows: number, source: string, name: string): ArrayLike<unknown> {
  if (list.length === 1 && list[0].rowStart === 0 && list[0].data.length === numRows) return list[0].data;
  const out = new Array<unknown>(numRows);
  let filled = 0;
  for (const { rowStart, data } of list) {
    const n = Math.min(data.length, numRows - rowStart);
    for (let i = 0; i < n; i++) out[rowStart + i] = data[i];
    filled += n;
  }
  if (filled !== numRows) throw new SourceDecodeError(source, `column ${name} decoded ${filled} of ${numRows} rows`);
  return out;
}

/** One ArrayBuffer of the whole file: hyparquet then decodes without awaiting each slice. */
async function wholeBuffer(file: ParquetFile, source: string): Promise<ArrayBuffer> {
  if (file.byteLength < 12) throw new SourceDecodeError(source, `not a parquet file (${file.byteLength} bytes; a parquet file has at least 12)`);
  const bytes = await file.slice(0, file.byteLength);
  const head = new Uint8Array(bytes, 0, 4);
  if (String.fromCharCode(...head) !== "PAR1") throw new SourceDecodeError(source, "not a parquet file (no PAR1 magic at the start)");
  return bytes;
}

/** A DATE cell as a day number: INT32 days, a Date, or a "YYYY-MM-DD" string. */
export function dayCell(value: unknown, column: string): number {
  if (typeof value === "number" && Number.isInteger(value)) return windowDay(value, column);
  if (value instanceof Date) return windowDay(dayOfTime(value.getTime()), column);
  if (typeof value === "string") return dayField(value, column);
  throw new RowRejected(`bad date: ${column} ${String(value)} is not a date`);
}

/** A numeric cell: NaN for null, RowRejected for anything not a finite number. */
export function numberCell(value: unknown, column: string): number {
  if (value === null || value === undefined) return Number.NaN;
  const v = typeof value === "bigint" ? Number(value) : value;
  if (typeof v === "number" && Math.abs(v) <= MAX_VALUE) return v;
  if (typeof v === "number" && !Number.isNaN(v)) throw new RowRejected(`out-of-range value ${String(value)} for ${column}: not a finite number within ±${MAX_VALUE}`);
  throw new RowRejected(`non-numeric value ${String(value)} for ${column}`);
}

export function stringCell(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

/** The raw text a quarantine row keeps for a parquet row: its cells as JSON. */
export function rowJson(columns: Record<string, ArrayLike<unknown>>, row: number): string {
  const out: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(columns)) out[name] = values[row];
  return JSON.stringify(out, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}
