// Helpers for the weekly adapters' tests: run an adapter (CSV or parquet) over a file or bytes
// and gather its weekly events per metric.
import { sharedDataPath } from "../testenv/sharedData.ts";
import { readFileSync } from "node:fs";
import type { WeeklyColumns, WeeklyMetric } from "../domain/mod.ts";
import { csvRows } from "./csvRows.ts";
import { openSource } from "./openSource.ts";
import { parquetFromBytes } from "./parquetBytes.ts";
import { getAdapter } from "./registry.ts";
import { textChunks } from "./testSupport.ts";
import type { AdapterEvent, QuarantineRow } from "./types.ts";

export const COVIDHUB = sharedDataPath("covidhub");
export const HOSP_CSV = `${COVIDHUB}/covid-hospital-admissions.csv`;
export const HOSP_VINTAGES = `${COVIDHUB}/hospital-admissions-vintages.csv.gz`;
export const TIME_SERIES = `${COVIDHUB}/time-series-asof-2025-12-31.parquet`;
export const NSSP = `${COVIDHUB}/nssp-raw-asof-2025-12-31.parquet`;

export interface WeeklyCollected {
  events: AdapterEvent[];
  byMetric: Partial<Record<WeeklyMetric, WeeklyColumns>>;
  quarantine: QuarantineRow[];
  skipped: Record<string, number>;
}

export async function runWeeklyAdapter(
  sourceId: string,
  input: { file: string } | { text: string } | { bytes: Uint8Array },
  opts: { batchValues?: number; publishedDay?: number } = {},
): Promise<WeeklyCollected> {
  const adapter = getAdapter(sourceId);
  const parseOpts = { batchValues: opts.batchValues ?? 32_768, publishedDay: opts.publishedDay };
  const events: AdapterEvent[] = [];
  if (adapter.format === "parquet") {
    const bytes = "bytes" in input ? input.bytes : "file" in input ? readFileSync(input.file) : new TextEncoder().encode(input.text);
    for await (const ev of adapter.parseParquet(parquetFromBytes(bytes), parseOpts)) events.push(ev);
  } else {
    const stream = "text" in input ? textChunks(input.text, 4096) : "bytes" in input ? textChunks(input.bytes) : (await openSource(input)).stream;
    for await (const ev of adapter.parse(csvRows(stream), parseOpts)) events.push(ev);
  }
  const parts: Partial<Record<WeeklyMetric, WeeklyColumns[]>> = {};
  const quarantine: QuarantineRow[] = [];
  const skipped: Record<string, number> = {};
  for (const ev of events) {
    if (ev.kind === "weekly") (parts[ev.columns.metric] ??= []).push(ev.columns);
    else if (ev.kind === "quarantine") quarantine.push(...ev.rows);
    else if (ev.kind === "skipped") skipped[ev.reason] = (skipped[ev.reason] ?? 0) + ev.rows;
  }
  const byMetric: WeeklyCollected["byMetric"] = {};
  for (const [metric, list] of Object.entries(parts) as [WeeklyMetric, WeeklyColumns[]][]) byMetric[metric] = concatWeekly(metric, list);
  return { events, byMetric, quarantine, skipped };
}

export function concatWeekly(metric: WeeklyMetric, parts: WeeklyColumns[]): WeeklyColumns {
  const n = parts.reduce((s, p) => s + p.regionId.length, 0);
  const out: WeeklyColumns = {
    metric,
    regionId: new Int32Array(n),
    weekEnd: new Int32Array(n),
    asOf: new Int32Array(n),
    value: new Float64Array(n),
    level: new Int8Array(n),
    trend: new Int8Array(n),
    missingReason: [],
  };
  let o = 0;
  for (const p of parts) {
    out.regionId.set(p.regionId, o);
    out.weekEnd.set(p.weekEnd, o);
    out.asOf.set(p.asOf, o);
    out.value.set(p.value, o);
    out.level.set(p.level, o);
    out.trend.set(p.trend, o);
    out.missingReason.push(...p.missingReason);
    o += p.regionId.length;
  }
  return out;
}

/** Indexes of the rows of (regionId, weekEnd), in stored order (oldest publication first). */
export function rowsOf(c: WeeklyColumns, regionId: number, weekEnd: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < c.regionId.length; i++) if (c.regionId[i] === regionId && c.weekEnd[i] === weekEnd) out.push(i);
  return out;
}

/** Distinct (region, week) pairs. */
export function regionWeeks(c: WeeklyColumns): number {
  const keys = new Set<number>();
  for (let i = 0; i < c.regionId.length; i++) keys.add(c.regionId[i] * 100_000 + c.weekEnd[i]);
  return keys.size;
}
