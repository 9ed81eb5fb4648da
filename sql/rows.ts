// Driver-neutral access to raw query results.
import type { SQL } from "drizzle-orm";
import { StorageError } from "./errors.ts";

/** A drizzle database or transaction of either driver. */
export interface Executor {
  execute(query: SQL): Promise<unknown>;
}

export type Row = Record<string, unknown>;

/** postgres.js returns the rows array itself; PGlite returns `{ rows }`. */
export function resultRows(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rows)) return rows as Row[];
  throw new StorageError("unexpected query result shape from the driver");
}

export function firstRow(result: unknown): Row {
  const rows = resultRows(result);
  if (rows.length === 0) throw new StorageError("query returned no row where one was expected");
  return rows[0];
}

/** int/float columns; NULL stays null. Casts in SQL keep bigint out, but be lenient with strings. */
export function numOrNull(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === "number" ? v : Number(v);
}

export function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
