// Helpers shared by the pipelines tests: run an adapter over a file or text and gather its events.
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { MobilityColumns, ObservationColumns, RegionRecord } from "../domain/mod.ts";
import { csvRows } from "./csvRows.ts";
import { openSource } from "./openSource.ts";
import { getCsvAdapter } from "./registry.ts";
import type { AdapterEvent, QuarantineRow, SourceSpec } from "./types.ts";
import { SHARED_DATA, sharedDataPath } from "../testenv/sharedData.ts";

export const JHU_DIR = sharedDataPath("jhu_csse");
export const CONFIRMED_US = `${JHU_DIR}/time_series_covid19_confirmed_US.csv.gz`;
export const DEATHS_US = `${JHU_DIR}/time_series_covid19_deaths_US.csv.gz`;
export const LOOKUP = `${JHU_DIR}/UID_ISO_FIPS_LookUp_Table.csv.gz`;
/** The lookup table bundled in sample/: for tests that need a real gzipped CSV, not this particular one. */
export const SAMPLE_LOOKUP = join(import.meta.dir, "../sample/UID_ISO_FIPS_LookUp_Table.csv.gz");

export interface Collected {
  events: AdapterEvent[];
  regions: RegionRecord[];
  quarantine: QuarantineRow[];
  /** All observation events concatenated. */
  columns: Required<Pick<ObservationColumns, "regionId" | "day">> & Partial<ObservationColumns>;
  /** All mobility events concatenated. */
  mobility: Required<Pick<MobilityColumns, "regionId" | "day">> & Partial<MobilityColumns>;
  /** Skipped rows by reason. */
  skipped: Record<string, number>;
  bytesRead: number;
}

/** Text → byte chunks of `size` bytes (small sizes exercise chunk boundaries). */
export async function* textChunks(text: string | Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function runAdapter(sourceId: string, input: SourceSpec | { text: string }, batchValues = 32_768): Promise<Collected> {
  let bytes: AsyncIterable<Uint8Array>;
  let bytesRead = () => 0;
  if ("text" in input) {
    bytes = textChunks(input.text, 4096);
  } else {
    const src = await openSource(input);
    bytes = src.stream;
    bytesRead = src.bytesRead;
  }
  const events: AdapterEvent[] = [];
  for await (const ev of getCsvAdapter(sourceId).parse(csvRows(bytes), { batchValues })) events.push(ev);
  return { events, ...gather(events), bytesRead: bytesRead() };
}

function gather(events: AdapterEvent[]): Omit<Collected, "events" | "bytesRead"> {
  const regions: RegionRecord[] = [];
  const quarantine: QuarantineRow[] = [];
  const parts: ObservationColumns[] = [];
  const mobilityParts: MobilityColumns[] = [];
  const skipped: Record<string, number> = {};
  for (const ev of events) {
    if (ev.kind === "regions") regions.push(...ev.regions);
    else if (ev.kind === "quarantine") quarantine.push(...ev.rows);
    else if (ev.kind === "observations") parts.push(ev.columns);
    else if (ev.kind === "mobility") mobilityParts.push(ev.columns);
    else if (ev.kind === "skipped") skipped[ev.reason] = (skipped[ev.reason] ?? 0) + ev.rows;
  }
  return {
    regions,
    quarantine,
    skipped,
    columns: concatColumns(parts, ["cumCases", "newCases", "cumDeaths", "newDeaths"]),
    mobility: concatColumns(mobilityParts, ["retailAndRecreation", "groceryAndPharmacy", "parks", "transitStations", "workplaces", "residential", "awayFromHome"]),
  };
}

/** Concatenates batches; a value column absent from a batch is NaN for its rows. */
function concatColumns<T extends { regionId: Int32Array; day: Int32Array }>(parts: T[], names: (keyof T & string)[]) {
  const n = parts.reduce((s, p) => s + p.regionId.length, 0);
  const out: Record<string, Int32Array | Float64Array> = { regionId: new Int32Array(n), day: new Int32Array(n) };
  for (const name of names) if (parts.some((p) => p[name])) out[name] = new Float64Array(n).fill(NaN);
  let o = 0;
  for (const p of parts) {
    out.regionId.set(p.regionId, o);
    out.day.set(p.day, o);
    for (const name of names) if (p[name]) out[name].set(p[name] as unknown as Float64Array, o);
    o += p.regionId.length;
  }
  return out as unknown as Required<Pick<T, "regionId" | "day">> & Partial<T>;
}

/** The gunzipped text of a file, split into lines (test-only: the whole file in memory). */
export function readLines(gzPath: string): string[] {
  const text = gunzipSync(readFileSync(gzPath)).toString("utf8");
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export const SHARED = SHARED_DATA;

/**
 * The value of `name` at (regionId, day) in gathered columns, or undefined when the region-day is
 * absent. A region-day can appear once per batch kind (ECDC's cases and deaths batches): the
 * first known value wins, NaN when none is known.
 */
export function valueAt(
  cols: { regionId: Int32Array; day: Int32Array } & Partial<Record<string, Float64Array | Int32Array>>,
  name: string,
  regionId: number,
  day: number,
): number | undefined {
  let found: number | undefined;
  for (let i = 0; i < cols.regionId.length; i++) {
    if (cols.regionId[i] !== regionId || cols.day[i] !== day) continue;
    const v = (cols[name] as Float64Array | undefined)?.[i];
    if (v !== undefined && !Number.isNaN(v)) return v;
    found = v;
  }
  return found;
}
