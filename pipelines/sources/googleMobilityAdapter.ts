// Adapter for Google's COVID-19 Community Mobility Reports: the per-country Region CSVs
// (country_region_code, …, date, six *_percent_change_from_baseline columns) and the derived
// US state file (US_mobility_state_cleaned.csv: an index column, date, the six columns, state;
// empty state = the US as a whole). The layout is recognised from the header. Values are
// Google's percent changes from the Jan 3 – Feb 6 2020 baseline, stored as they are in
// social_activity under dataset "google-mobility"; blanks (not published) are stored as NULL.
import { usStateUidFromName } from "./usStates.ts";
import { US_COUNTRY_UID } from "../../domain/mod.ts";
import { CsvReadError, EmptySourceError, MissingColumnError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { GoogleRegionResolver } from "./googleRegions.ts";
import { RowRejected } from "./jhuFields.ts";
import { jhuRegistry } from "./jhuRegistry.ts";
import { checkShape, columnIndex, dayField, optionalValue } from "./longRows.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { flushEnd, flushIfFull, mobility, RegionDayBuffer } from "./regionDayBuffer.ts";
import { SkipCounter } from "./skipCounter.ts";

export const GOOGLE_MOBILITY_DATASET = "google-mobility";

/** Google's column → our value name, in storage order. */
const CATEGORIES = [
  ["retail_and_recreation_percent_change_from_baseline", "retailAndRecreation"],
  ["grocery_and_pharmacy_percent_change_from_baseline", "groceryAndPharmacy"],
  ["parks_percent_change_from_baseline", "parks"],
  ["transit_stations_percent_change_from_baseline", "transitStations"],
  ["workplaces_percent_change_from_baseline", "workplaces"],
  ["residential_percent_change_from_baseline", "residential"],
] as const;
const VALUE_NAMES = CATEGORIES.map(([, name]) => name);
const REGION_CSV = ["country_region_code", "sub_region_1", "sub_region_2", "metro_area", "iso_3166_2_code", "date"] as const;

export const googleMobilityAdapter: SourceAdapter = {
  id: "google-mobility",
  dataset: GOOGLE_MOBILITY_DATASET,
  writes: "mobility",
  parse: parseGoogle,
};

type Layout = "region-csv" | "us-states";

function layoutOf(header: string[], source: string): Layout {
  if (header.includes("country_region_code")) return "region-csv";
  if (header.includes("state") && header.includes("date")) return "us-states";
  throw new MissingColumnError(source, ["country_region_code (Region CSV) or state (US state file)"]);
}

async function* parseGoogle(rows: AsyncIterable<CsvRow>, opts: ParseOptions): AsyncGenerator<AdapterEvent> {
  const source = googleMobilityAdapter.id;
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const resolver = new GoogleRegionResolver(await jhuRegistry());
  const out = new RegionDayBuffer(opts.batchValues, VALUE_NAMES);
  const pending = new PendingEvents();
  const skipped = new SkipCounter();
  const announced = new Set<number>();
  const values = new Float64Array(VALUE_NAMES.length);
  let header: string[] | null = null;
  let layout: Layout = "region-csv";
  let col: Record<string, number> = {};
  let valueCols: number[] = [];

  for await (const row of rows) {
    if (header === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      header = row.fields;
      layout = layoutOf(header, source);
      col = columnIndex(header, layout === "region-csv" ? REGION_CSV : (["date", "state"] as const), source);
      valueCols = Object.values(
        columnIndex(
          header,
          CATEGORIES.map(([c]) => c),
          source,
        ),
      );
      continue;
    }
    let regionId: number;
    let day: number;
    try {
      checkShape(row, header);
      const f = row.fields;
      day = dayField(f[col.date]);
      if (layout === "us-states") {
        const state = f[col.state];
        const id = state === "" ? US_COUNTRY_UID : usStateUidFromName(state);
        if (id === null) throw new RowRejected(`unknown region: state "${state}"`);
        regionId = id;
      } else {
        const region = resolver.resolve({
          countryCode: f[col.country_region_code],
          sub1: f[col.sub_region_1],
          sub2: f[col.sub_region_2],
          metro: f[col.metro_area],
          isoCode: f[col.iso_3166_2_code],
        });
        if (region.kind === "skip") {
          skipped.add(region.reason);
          continue;
        }
        regionId = region.id;
        if (region.record && !announced.has(regionId)) {
          announced.add(regionId);
          const ev = pending.addRegion(region.record);
          if (ev) yield ev;
        }
      }
      if (out.has(regionId, day)) throw new RowRejected(`duplicate region-day: region ${regionId} on ${f[col.date]} appears twice`);
      for (let c = 0; c < valueCols.length; c++) values[c] = optionalValue(f[valueCols[c]], CATEGORIES[c][0]);
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
  yield* skipped.events();
  yield* flushEnd(out, pending, mobility);
}
