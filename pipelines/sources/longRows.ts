// Checks shared by the long-format adapters (one row per region and day: NYT, ECDC, Google,
// Opportunity Insights). Each failure throws RowRejected with the reason the quarantine keeps.
import { dayOfIso } from "../../domain/mod.ts";
import { MissingColumnError } from "../errors.ts";
import type { CsvRow } from "../types.ts";
import { isDayInWindow, outsideWindowReason } from "../../domain/mod.ts";
import { MAX_VALUE, parseDecimal, RowRejected, sameFields } from "./jhuFields.ts";

/** Column index by name; throws MissingColumnError naming every required column that is absent. */
export function columnIndex<C extends string>(header: string[], required: readonly C[], source: string): Record<C, number> {
  const trimmed = header.map((h) => h.trim());
  const missing = required.filter((c) => !trimmed.includes(c));
  if (missing.length > 0) throw new MissingColumnError(source, missing);
  return Object.fromEntries(required.map((c) => [c, trimmed.indexOf(c)])) as Record<C, number>;
}

/** A broken record, a repeated header line or a wrong field count. */
export function checkShape(row: CsvRow, header: string[]): void {
  if (row.error) throw new RowRejected(row.error);
  if (sameFields(row.fields, header)) throw new RowRejected("duplicated header line");
  if (row.fields.length !== header.length) {
    throw new RowRejected(`wrong column count: ${row.fields.length} fields, the header has ${header.length}`);
  }
}

/** Parsed dates: a file repeats a few hundred distinct dates over millions of rows. */
const dayCache = new Map<string, number>();
const DAY_CACHE_LIMIT = 100_000;

/** The day number of a YYYY-MM-DD field inside the date window; impossible dates (2020-02-30) and days outside the window reject the row. */
export function dayField(text: string, column = "date"): number {
  let day = dayCache.get(text);
  if (day === undefined) {
    day = dayOfIso(text);
    if (Number.isNaN(day)) throw new RowRejected(`bad date: ${column} "${text}" is not a YYYY-MM-DD date`);
    if (dayCache.size < DAY_CACHE_LIMIT) dayCache.set(text, day);
  }
  // Checked on every call, not cached: the window's end moves with the clock.
  return windowDay(day, column);
}

/** `day` if it is inside the date window (domain/dateWindow.ts); RowRejected otherwise. */
export function windowDay(day: number, column: string): number {
  if (!isDayInWindow(day)) throw new RowRejected(`bad date: ${outsideWindowReason(column, day)}`);
  return day;
}

/** A number, NaN for an empty field (not published), RowRejected for anything else. */
export function optionalValue(text: string, column: string): number {
  if (text === "") return Number.NaN;
  const v = parseDecimal(text);
  if (Number.isNaN(v)) throw new RowRejected(`non-numeric value "${text}" for ${column}`);
  // `1e999` parses to Infinity: never let it reach a batch, where storage would refuse all of it.
  if (!(Math.abs(v) <= MAX_VALUE)) throw new RowRejected(`out-of-range value ${text} for ${column}: not a finite number within ±${MAX_VALUE}`);
  return v;
}

/** A cumulative count: like optionalValue, and never negative. */
export function optionalCount(text: string, column: string): number {
  const v = optionalValue(text, column);
  if (v < 0) throw new RowRejected(`negative cumulative value ${text} for ${column}`);
  return v;
}
