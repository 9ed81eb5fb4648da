// Adapters for The New York Times' long-format cumulative series: us-states.csv
// (date,state,fips,cases,deaths) and us-counties.csv (date,county,state,fips,cases,deaths).
// One row = one region-day with cumulative cases and deaths; new = today − the region's
// previous day in the file (NaN when that day is missing). Both are stored as dataset "nyt-us",
// next to (never over) JHU's figures for the same places.
import { type RegionRecord, usCountyUidFromFips, usStateUidFromFips } from "../../domain/mod.ts";
import { CsvReadError, EmptySourceError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { RowRejected } from "./jhuFields.ts";
import { checkShape, columnIndex, dayField, optionalCount } from "./longRows.ts";
import { nytSpecialGeography, unassignedUid } from "./nytGeographies.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { flushEnd, flushIfFull, observations, RegionDayBuffer } from "./regionDayBuffer.ts";
import { usStateUidFromName } from "./usStates.ts";

export const NYT_US_DATASET = "nyt-us";

type Level = "state" | "county";
const COLUMNS = { state: ["date", "state", "fips", "cases", "deaths"], county: ["date", "county", "state", "fips", "cases", "deaths"] } as const;
const VALUES = ["cumCases", "newCases", "cumDeaths", "newDeaths"] as const;

export function createNytAdapter(id: string, level: Level): SourceAdapter {
  return { id, dataset: NYT_US_DATASET, writes: "observations", parse: (rows, opts) => parseNyt(rows, opts, id, level) };
}

export const nytUsStatesAdapter = createNytAdapter("nyt-us-states", "state");
export const nytUsCountiesAdapter = createNytAdapter("nyt-us-counties", "county");

/** The last row seen per region, for the daily differences. */
interface Last {
  day: number;
  cases: number;
  deaths: number;
}

async function* parseNyt(rows: AsyncIterable<CsvRow>, opts: ParseOptions, source: string, level: Level): AsyncGenerator<AdapterEvent> {
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const out = new RegionDayBuffer(opts.batchValues, VALUES);
  const pending = new PendingEvents();
  const last = new Map<number, Last>();
  const announced = new Set<number>();
  const values = new Float64Array(4);
  let header: string[] | null = null;
  let col: Record<string, number> = {};

  for await (const row of rows) {
    if (header === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      header = row.fields;
      col = columnIndex(header, COLUMNS[level], source);
      continue;
    }
    let regionId: number;
    let day: number;
    try {
      checkShape(row, header);
      const f = row.fields;
      day = dayField(f[col.date]);
      const resolved = level === "state" ? stateRegion(f[col.fips]) : countyRegion(f[col.county], f[col.state], f[col.fips]);
      regionId = resolved.id;
      if (out.has(regionId, day)) throw new RowRejected(`duplicate region-day: region ${regionId} on ${f[col.date]} appears twice`);
      values[0] = optionalCount(f[col.cases], "cases");
      values[2] = optionalCount(f[col.deaths], "deaths");
      if (resolved.special && !announced.has(regionId)) {
        announced.add(regionId);
        const ev = pending.addRegion(resolved.special);
        if (ev) yield ev;
      }
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const ev = pending.addQuarantine({ line: row.line, raw: row.raw, reason: err.message });
      if (ev) yield ev;
      continue;
    }
    const prev = last.get(regionId);
    const follows = prev !== undefined && prev.day === day - 1;
    values[1] = follows ? values[0] - prev.cases : Number.NaN;
    values[3] = follows ? values[2] - prev.deaths : Number.NaN;
    if (prev === undefined || day > prev.day) last.set(regionId, { day, cases: values[0], deaths: values[2] });
    out.push(regionId, day, values);
    yield* flushIfFull(out, pending, observations);
  }
  if (header === null) throw new EmptySourceError(source);
  yield* flushEnd(out, pending, observations);
}

interface Resolved {
  id: number;
  /** A region this source defines itself (NYT's special geographies), to add to the registry. */
  special?: RegionRecord;
}

function stateRegion(fipsText: string): Resolved {
  const id = /^\d{1,2}$/.test(fipsText) ? usStateUidFromFips(Number(fipsText)) : null;
  if (id === null) throw new RowRejected(`unknown region code: state FIPS "${fipsText}"`);
  return { id };
}

function countyRegion(county: string, state: string, fipsText: string): Resolved {
  if (fipsText !== "") {
    const id = /^\d{4,5}$/.test(fipsText) ? usCountyUidFromFips(Number(fipsText)) : null;
    if (id === null) throw new RowRejected(`unknown region code: county FIPS "${fipsText}"`);
    return { id };
  }
  const special = nytSpecialGeography(county, state);
  if (special) return { id: special.id, special };
  const stateUid = usStateUidFromName(state);
  if (county === "Unknown" && stateUid !== null) {
    const stateFips = stateUid >= 84_000_000 ? stateUid - 84_000_000 : stateFipsOfTerritory(state);
    const id = stateFips === null ? null : unassignedUid(stateFips);
    if (id !== null) return { id };
    throw new RowRejected(`unknown region: no "Unassigned" region for unknown-county cases of ${state}`);
  }
  throw new RowRejected(`unknown region: "${county}, ${state}" has no FIPS code and is not one of NYT's special geographies`);
}

function stateFipsOfTerritory(state: string): number | null {
  return state === "Puerto Rico" ? 72 : null;
}
