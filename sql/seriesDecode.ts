// Turns the rows of the two series queries (sql/series.ts, sql/mobilitySeries.ts: one row per
// region with its days and values aggregated into arrays) into the typed columns the callers use.
// Pure and free of drizzle, so it also runs on the PGlite worker thread (drivers/pgliteWorker.ts):
// there the rows never cross to the caller's thread as millions of structured-cloned numbers,
// only the finished typed arrays do, by transfer.
import type { MobilitySeries, ObservationSeries } from "./types.ts";
import { MOBILITY_KEYS } from "./regionDayTables.ts";

type Row = Record<string, unknown>;

/** The series queries a driver may decode where it runs them. */
export const seriesDecoders = {
  observationSeries: decodeObservationRows,
  mobilitySeries: decodeMobilityRows,
} as const;
export type SeriesDecoder = keyof typeof seriesDecoders;

/** Every buffer of a decoded series, to hand it over by transfer. */
export function seriesBuffers(series: ObservationSeries | MobilitySeries): ArrayBuffer[] {
  return Object.values(series).map((a: Int32Array | Float64Array) => a.buffer as ArrayBuffer);
}

/** Rows of loadObservationSeries' query: a region's case and death day lists merged. */
export function decodeObservationRows(rows: Row[]): ObservationSeries {
  const none: never[] = [];
  let total = 0;
  for (const row of rows) total += mergedLength((row.case_days as number[] | null) ?? none, (row.death_days as number[] | null) ?? none);
  const out: ObservationSeries = {
    regionId: new Int32Array(total),
    day: new Int32Array(total),
    cumCases: new Float64Array(total),
    cumDeaths: new Float64Array(total),
  };
  let at = 0;
  for (const row of rows) {
    const cd = (row.case_days as number[] | null) ?? none;
    const cv = (row.cases as (number | null)[] | null) ?? none;
    const dd = (row.death_days as number[] | null) ?? none;
    const dv = (row.deaths as (number | null)[] | null) ?? none;
    const start = at;
    // NULL (unknown) → NaN. postgres.js already decodes NULL float8 array elements as NaN.
    for (let i = 0, j = 0; i < cd.length || j < dd.length; at++) {
      const day = j >= dd.length || (i < cd.length && cd[i] <= dd[j]) ? cd[i] : dd[j];
      out.day[at] = day;
      out.cumCases[at] = i < cd.length && cd[i] === day ? (cv[i++] ?? NaN) : NaN;
      out.cumDeaths[at] = j < dd.length && dd[j] === day ? (dv[j++] ?? NaN) : NaN;
    }
    out.regionId.fill(Number(row.region_id), start, at);
  }
  return out;
}

/** Days in the union of two ascending day lists. */
function mergedLength(a: number[], b: number[]): number {
  let n = 0;
  for (let i = 0, j = 0; i < a.length || j < b.length; n++) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) i++;
    else if (i >= a.length || b[j] < a[i]) j++;
    else i++, j++;
  }
  return n;
}

/** Rows of loadMobilitySeries' query: one column per mobility key. */
export function decodeMobilityRows(rows: Row[]): MobilitySeries {
  const keys = MOBILITY_KEYS;
  let total = 0;
  for (const row of rows) total += (row.days as unknown[]).length;
  const out = {
    regionId: new Int32Array(total),
    day: new Int32Array(total),
    ...Object.fromEntries(keys.map((k) => [k, new Float64Array(total)])),
  } as MobilitySeries;
  let at = 0;
  for (const row of rows) {
    const days = row.days as number[];
    out.regionId.fill(Number(row.region_id), at, at + days.length);
    out.day.set(days, at);
    for (const k of keys) {
      const values = row[k] as (number | null)[];
      const col = out[k];
      for (let i = 0; i < values.length; i++) col[at + i] = values[i] ?? NaN;
    }
    at += days.length;
  }
  return out;
}
