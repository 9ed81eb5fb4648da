// Reads the hub's target time series (time-series-asof-*.parquet, SOURCES.md §6: columns date,
// observation, location, as_of, target) and keeps the NSSP ED-visit share, target
// `wk inc covid prop ed visits`, every as_of version of it, as one WeeklySeries. Versions exist
// only from as_of 2025-06-18 on: earlier reference dates see no ED data (the backtest does not
// pretend otherwise).
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import type { WeeklySeries } from "../../domain/mod.ts";
import { regionIdFromHubLocation } from "../../models/forecast/hosp/mod.ts";
import { BacktestDataError } from "./errors.ts";

export const ED_TARGET = "wk inc covid prop ed visits";
const MS_PER_DAY = 86_400_000;

export async function readEdVintages(path: string): Promise<WeeklySeries> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new BacktestDataError(`cannot read ED time series ${path}`, { cause: err });
  }
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file, columns: ["date", "observation", "location", "as_of", "target"] });
  } catch (err) {
    throw new BacktestDataError(`${path} is not a hub time-series parquet (date, observation, location, as_of, target)`, { cause: err });
  }
  const region: number[] = [];
  const week: number[] = [];
  const asOf: number[] = [];
  const value: number[] = [];
  for (const r of rows) {
    if (r.target !== ED_TARGET) continue;
    const id = regionIdFromHubLocation(String(r.location));
    if (id === null) continue;
    region.push(id);
    week.push(dayOf(r.date, path));
    asOf.push(dayOf(r.as_of, path));
    value.push(r.observation === null || r.observation === undefined ? Number.NaN : Number(r.observation));
  }
  const n = region.length;
  return {
    regionId: Int32Array.from(region),
    weekEnd: Int32Array.from(week),
    asOf: Int32Array.from(asOf),
    value: Float64Array.from(value),
    level: new Int8Array(n).fill(-1),
    trend: new Int8Array(n).fill(-1),
    missingReason: new Array<string | null>(n).fill(null),
  };
}

function dayOf(v: unknown, path: string): number {
  const ms = v instanceof Date ? v.getTime() : typeof v === "string" ? Date.parse(`${v}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(ms)) throw new BacktestDataError(`${path}: bad date ${String(v)}`);
  return Math.round(ms / MS_PER_DAY);
}

/** The newest time-series-asof-*.parquet next to the vintages file, or null. */
export async function findEdFileNear(vintagesPath: string): Promise<string | null> {
  const dir = dirname(vintagesPath);
  try {
    const names = (await readdir(dir)).filter((f) => /^time-series-asof-\d{4}-\d{2}-\d{2}\.parquet$/.test(f)).sort();
    return names.length === 0 ? null : join(dir, names[names.length - 1]);
  } catch {
    return null;
  }
}
