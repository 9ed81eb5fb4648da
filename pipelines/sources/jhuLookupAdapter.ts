// Adapter for JHU's UID_ISO_FIPS_LookUp_Table.csv: the region registry (countries, provinces /
// states, US counties) with coordinates and population. Parents are found by name, so rows are
// held until the end of the file (≈4,300 rows, well under a megabyte) before regions go out.
import { type RegionLevel, type RegionRecord, usStateUidFromFips } from "../../domain/mod.ts";
import { CsvReadError, EmptySourceError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { findRegionColumns, formatFips, readRegionFields, RowRejected, sameFields, type RegionColumns, type RegionFields } from "./jhuFields.ts";
import { PendingEvents } from "./pendingEvents.ts";

export const JHU_LOOKUP_DATASET = "jhu-lookup";

export const jhuLookupAdapter: SourceAdapter = {
  id: "jhu-lookup",
  dataset: JHU_LOOKUP_DATASET,
  writes: "regions",
  parse: parseLookup,
};

interface HeldRegion {
  region: RegionRecord;
  province: string;
  country: string;
}

async function* parseLookup(rows: AsyncIterable<CsvRow>, opts: ParseOptions): AsyncGenerator<AdapterEvent> {
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const source = jhuLookupAdapter.id;
  const pending = new PendingEvents();
  const held: HeldRegion[] = [];
  const seen = new Map<number, number>();
  let header: string[] | null = null;
  let cols: RegionColumns | null = null;

  for await (const row of rows) {
    if (header === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      header = row.fields;
      cols = findRegionColumns(header, source, true);
      continue;
    }
    try {
      const f = checkRow(row, header, cols!, seen);
      seen.set(f.uid, row.line);
      held.push({ region: toRegion(f), province: f.province, country: f.country });
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const event = pending.addQuarantine({ line: row.line, raw: row.raw, reason: err.message });
      if (event) yield event;
    }
  }
  if (header === null) throw new EmptySourceError(source);

  resolveParents(held);
  for (const h of held) {
    const event = pending.addRegion(h.region);
    if (event) yield event;
  }
  const regions = pending.takeRegions();
  if (regions) yield regions;
  const quarantine = pending.takeQuarantine();
  if (quarantine) yield quarantine;
}

function checkRow(row: CsvRow, header: string[], cols: RegionColumns, seen: Map<number, number>): RegionFields {
  if (row.error) throw new RowRejected(row.error);
  if (sameFields(row.fields, header)) throw new RowRejected("duplicated header line");
  if (row.fields.length !== header.length) {
    throw new RowRejected(`wrong column count: ${row.fields.length} fields, the header has ${header.length}`);
  }
  const f = readRegionFields(row.fields, cols);
  if (f.country === "") throw new RowRejected("missing Country_Region");
  if (f.admin2 !== "" && f.province === "") throw new RowRejected("Admin2 is set but Province_State is empty");
  const firstLine = seen.get(f.uid);
  if (firstLine !== undefined) throw new RowRejected(`duplicate UID ${f.uid} (first seen on line ${firstLine})`);
  return f;
}

function toRegion(f: RegionFields): RegionRecord {
  const level: RegionLevel = f.admin2 !== "" ? "county" : f.province !== "" ? "state" : "country";
  return {
    id: f.uid,
    name: f.admin2 || f.province || f.country,
    level,
    parentId: null,
    fips: level === "county" ? formatFips(f.fips, 5) : level === "state" ? formatFips(f.fips, 2) : null,
    iso2: f.iso2,
    iso3: f.iso3,
    lat: f.lat,
    lon: f.lon,
    population: f.population,
  };
}

/**
 * county → its state (US: 84000000 + the state FIPS when that state row exists; otherwise, and
 * elsewhere, the state row with the same Province_State and Country_Region); state → the country
 * row with the same Country_Region. A parent that is not in the table stays null.
 */
function resolveParents(held: HeldRegion[]): void {
  const countryByName = new Map<string, number>();
  const stateByName = new Map<string, number>();
  const ids = new Set<number>();
  for (const h of held) {
    ids.add(h.region.id);
    if (h.region.level === "country" && !countryByName.has(h.country)) countryByName.set(h.country, h.region.id);
    if (h.region.level === "state") stateByName.set(`${h.province}\u0000${h.country}`, h.region.id);
  }
  for (const h of held) {
    const r = h.region;
    if (r.level === "state") {
      r.parentId = countryByName.get(h.country) ?? null;
    } else if (r.level === "county") {
      const fips = r.fips === null ? null : Number(r.fips);
      const byFips = h.country === "US" && fips !== null ? usStateUidFromFips(Math.floor(fips / 1000)) : null;
      r.parentId = byFips !== null && ids.has(byFips) ? byFips : (stateByName.get(`${h.province}\u0000${h.country}`) ?? null);
    }
  }
}
