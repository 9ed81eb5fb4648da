// Adapter for the wide JHU CSSE global time series (time_series_covid19_{confirmed,deaths}_global):
// Province/State, Country/Region, Lat, Long, then one cumulative column per day (M/D/YY). The
// file has no UIDs: each row is matched to its JHU UID by its two names in the region registry
// (jhuRegistry.ts); a row the registry does not know is quarantined as an unknown region.
import type { RegionRecord } from "../../domain/mod.ts";
import { BadDateHeaderError, CsvReadError, EmptySourceError, MissingColumnError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { badCount, MAX_VALUE, parseDecimal, parseJhuDate, RowRejected, sameFields } from "./jhuFields.ts";
import { jhuRegistry, type JhuRegistry } from "./jhuRegistry.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { flushEnd, flushIfFull, observations, RegionDayBuffer } from "./regionDayBuffer.ts";

export const JHU_GLOBAL_DATASET = "jhu-global";

type Metric = "cases" | "deaths";
const REGION_COLUMNS = ["Province/State", "Country/Region", "Lat", "Long"] as const;

export function createJhuGlobalAdapter(id: string, metric: Metric): SourceAdapter {
  return { id, dataset: JHU_GLOBAL_DATASET, writes: "observations", parse: (rows, opts) => parseJhuGlobal(rows, opts, id, metric) };
}

export const jhuGlobalCasesAdapter = createJhuGlobalAdapter("jhu-global-cases", "cases");
export const jhuGlobalDeathsAdapter = createJhuGlobalAdapter("jhu-global-deaths", "deaths");

interface GlobalLayout {
  header: string[];
  col: Record<(typeof REGION_COLUMNS)[number], number>;
  dateCols: number[];
  days: number[];
}

function parseHeader(header: string[], source: string): GlobalLayout {
  const missing = REGION_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new MissingColumnError(source, missing);
  const col = Object.fromEntries(REGION_COLUMNS.map((c) => [c, header.indexOf(c)])) as GlobalLayout["col"];
  const named = new Set<number>(Object.values(col));
  const dateCols: number[] = [];
  const days: number[] = [];
  header.forEach((name, c) => {
    if (named.has(c)) return;
    const day = parseJhuDate(name.trim());
    if (day === null) throw new BadDateHeaderError(source, c, name, "is not a date (M/D/YY) inside the date window 2019-12-01 … tomorrow");
    // Dates must strictly increase: a repeated date would store two values for one region-day.
    if (days.length > 0 && day <= days[days.length - 1]) {
      throw new BadDateHeaderError(source, c, name, `does not come after the previous date column ("${header[dateCols[dateCols.length - 1]]}")`);
    }
    dateCols.push(c);
    days.push(day);
  });
  if (dateCols.length === 0) throw new MissingColumnError(source, ["<date columns M/D/YY>"]);
  return { header, col, dateCols, days };
}

async function* parseJhuGlobal(rows: AsyncIterable<CsvRow>, opts: ParseOptions, source: string, metric: Metric): AsyncGenerator<AdapterEvent> {
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const registry = await jhuRegistry();
  const names = metric === "cases" ? (["cumCases", "newCases"] as const) : (["cumDeaths", "newDeaths"] as const);
  const out = new RegionDayBuffer(opts.batchValues, names);
  const pending = new PendingEvents();
  const seen = new Map<number, number>();
  const pair = new Float64Array(2);
  let layout: GlobalLayout | null = null;
  let values = new Float64Array(0);

  for await (const row of rows) {
    if (layout === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      layout = parseHeader(row.fields, source);
      values = new Float64Array(layout.days.length);
      continue;
    }
    let region: RegionRecord;
    try {
      region = checkRow(row, layout, values, registry, seen);
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const event = pending.addQuarantine({ line: row.line, raw: row.raw, reason: err.message });
      if (event) yield event;
      continue;
    }
    seen.set(region.id, row.line);
    const regionEvent = pending.addRegion(region);
    if (regionEvent) yield regionEvent;
    const { days } = layout;
    for (let j = 0; j < days.length; j++) {
      pair[0] = values[j];
      // The first column's "new" is unknown; so is any day whose previous column is not the day before.
      pair[1] = j > 0 && days[j - 1] === days[j] - 1 ? values[j] - values[j - 1] : Number.NaN;
      out.push(region.id, days[j], pair);
      yield* flushIfFull(out, pending, observations);
    }
  }
  if (layout === null) throw new EmptySourceError(source);
  yield* flushEnd(out, pending, observations);
}

function checkRow(row: CsvRow, layout: GlobalLayout, values: Float64Array, registry: JhuRegistry, seen: Map<number, number>): RegionRecord {
  if (row.error) throw new RowRejected(row.error);
  const { header, col, dateCols } = layout;
  if (sameFields(row.fields, header)) throw new RowRejected("duplicated header line");
  if (row.fields.length !== header.length) {
    throw new RowRejected(`wrong column count: ${row.fields.length} fields, the header has ${header.length}`);
  }
  const province = row.fields[col["Province/State"]];
  const country = row.fields[col["Country/Region"]];
  const place = registry.byName(province, country);
  if (!place) throw new RowRejected(`unknown region: "${province ? `${province}, ` : ""}${country}" is not in the JHU region registry`);
  const firstLine = seen.get(place.uid);
  if (firstLine !== undefined) throw new RowRejected(`duplicate region ${place.uid} (first seen on line ${firstLine})`);
  for (let j = 0; j < dateCols.length; j++) {
    const text = row.fields[dateCols[j]];
    const v = parseDecimal(text);
    if (!(v >= 0 && v <= MAX_VALUE)) throw new RowRejected(badCount(v, text, header[dateCols[j]])!);
    values[j] = v;
  }
  const lat = coordinate(row.fields[col.Lat], "Lat", 90);
  const lon = coordinate(row.fields[col.Long], "Long", 180);
  // JHU writes 0,0 (or nothing) for rows without a place, such as cruise ships.
  const noPlace = lat === null || lon === null || (lat === 0 && lon === 0);
  return {
    id: place.uid,
    name: province || country,
    level: province ? "state" : "country",
    parentId: province ? (registry.byName("", country)?.uid ?? null) : null,
    fips: null,
    iso2: place.iso2,
    iso3: place.iso3,
    lat: noPlace ? null : lat,
    lon: noPlace ? null : lon,
    population: place.population,
  };
}

function coordinate(text: string, column: string, limit: number): number | null {
  if (text === "") return null;
  const v = parseDecimal(text);
  if (Number.isNaN(v) || v < -limit || v > limit) throw new RowRejected(`${column} "${text}" is not a coordinate in -${limit}…${limit}`);
  return v;
}
