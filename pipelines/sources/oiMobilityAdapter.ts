// Adapter for Opportunity Insights' Google mobility series (EconomicTracker, "Google Mobility -
// State - Daily.csv": year, month, day, statefips, gps_* columns; the National file has the same
// columns without statefips and is stored under the US). OI publishes 7-day averages of Google's
// change from baseline as FRACTIONS (-.133 = -13.3 %): they are stored × 100, so both publishers'
// rows in social_activity share units, under dataset "oi-mobility". "." marks a missing value.
import { dayOfCivil, US_COUNTRY_UID, usStateUidFromFips } from "../../domain/mod.ts";
import { CsvReadError, EmptySourceError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { RowRejected } from "./jhuFields.ts";
import { checkShape, columnIndex, optionalValue, windowDay } from "./longRows.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { flushEnd, flushIfFull, mobility, RegionDayBuffer } from "./regionDayBuffer.ts";

export const OI_MOBILITY_DATASET = "oi-mobility";

const CATEGORIES = [
  ["gps_retail_and_recreation", "retailAndRecreation"],
  ["gps_grocery_and_pharmacy", "groceryAndPharmacy"],
  ["gps_parks", "parks"],
  ["gps_transit_stations", "transitStations"],
  ["gps_workplaces", "workplaces"],
  ["gps_residential", "residential"],
  ["gps_away_from_home", "awayFromHome"],
] as const;
const VALUE_NAMES = CATEGORIES.map(([, name]) => name);

export const oiMobilityStateAdapter: SourceAdapter = {
  id: "oi-mobility-state",
  dataset: OI_MOBILITY_DATASET,
  writes: "mobility",
  parse: parseOi,
};

/** A fraction as a percentage, without binary noise (-.133 → -13.3, not -13.300000000000001). */
export function fractionToPercent(v: number): number {
  return Math.round(v * 1e12) / 1e10;
}

async function* parseOi(rows: AsyncIterable<CsvRow>, opts: ParseOptions): AsyncGenerator<AdapterEvent> {
  const source = oiMobilityStateAdapter.id;
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const out = new RegionDayBuffer(opts.batchValues, VALUE_NAMES);
  const pending = new PendingEvents();
  const values = new Float64Array(VALUE_NAMES.length);
  let header: string[] | null = null;
  let col: Record<"year" | "month" | "day", number> = { year: 0, month: 0, day: 0 };
  let stateCol = -1;
  let valueCols: number[] = [];

  for await (const row of rows) {
    if (header === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      header = row.fields;
      col = columnIndex(header, ["year", "month", "day"] as const, source);
      valueCols = Object.values(
        columnIndex(
          header,
          CATEGORIES.map(([c]) => c),
          source,
        ),
      );
      stateCol = header.indexOf("statefips"); // absent in the National file
      continue;
    }
    let regionId: number;
    let day: number;
    try {
      checkShape(row, header);
      const f = row.fields;
      const [y, m, d] = [f[col.year], f[col.month], f[col.day]];
      const parsed = /^\d{4}$/.test(y) && /^\d{1,2}$/.test(m) && /^\d{1,2}$/.test(d) ? dayOfCivil(Number(y), Number(m), Number(d)) : Number.NaN;
      if (Number.isNaN(parsed)) throw new RowRejected(`bad date: year/month/day "${y}/${m}/${d}" is not a date`);
      windowDay(parsed, "year/month/day");
      day = parsed;
      if (stateCol < 0) regionId = US_COUNTRY_UID;
      else {
        const fips = f[stateCol];
        const id = /^\d{1,2}$/.test(fips) ? usStateUidFromFips(Number(fips)) : null;
        if (id === null) throw new RowRejected(`unknown region code: statefips "${fips}"`);
        regionId = id;
      }
      if (out.has(regionId, day)) throw new RowRejected(`duplicate region-day: region ${regionId} on ${y}-${m}-${d} appears twice`);
      for (let c = 0; c < valueCols.length; c++) {
        const text = f[valueCols[c]];
        values[c] = text === "." ? Number.NaN : fractionToPercent(optionalValue(text, CATEGORIES[c][0]));
      }
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const ev = pending.addQuarantine({ line: row.line, raw: row.raw, reason: err.message });
      if (ev) yield ev;
      continue;
    }
    out.push(regionId, day, values);
    yield* flushIfFull(out, pending, mobility);
  }
  if (header === null) throw new EmptySourceError(source);
  yield* flushEnd(out, pending, mobility);
}
