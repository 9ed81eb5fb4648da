// Adapter for the wide JHU CSSE US county time series (time_series_covid19_{confirmed,deaths}_US).
// One CSV row = one region and its cumulative series; it becomes region-days in columns:
// regionId, day, cumulative value and new = cum[t] − cum[t−1]. The first date column's "new"
// is NaN (unknown): files may be truncated samples that do not start at the first case.
import { type ObservationColumns, type RegionRecord, US_COUNTRY_UID } from "../../domain/mod.ts";
import { CsvReadError, EmptySourceError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { badCount, formatFips, MAX_VALUE, parseDecimal, readRegionFields, RowRejected, sameFields, type RegionFields } from "./jhuFields.ts";
import { parseUsHeader, type UsLayout } from "./jhuUsHeader.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { usStateUidFromName } from "./usStates.ts";

export const JHU_US_DATASET = "jhu-us";

type Metric = "cases" | "deaths";

export function createJhuUsAdapter(id: string, metric: Metric): SourceAdapter {
  return {
    id,
    dataset: JHU_US_DATASET,
    writes: "observations",
    parse: (rows, opts) => parseJhuUs(rows, opts, id, metric),
  };
}

export const jhuUsCasesAdapter = createJhuUsAdapter("jhu-us-cases", "cases");
export const jhuUsDeathsAdapter = createJhuUsAdapter("jhu-us-deaths", "deaths");

/** Region-days of one observations event, in preallocated typed arrays. */
class ObservationBuffer {
  regionId!: Int32Array;
  day!: Int32Array;
  cum!: Float64Array;
  fresh!: Float64Array;
  length = 0;

  constructor(
    readonly capacity: number,
    private readonly metric: Metric,
  ) {
    this.allocate();
  }

  private allocate(): void {
    this.regionId = new Int32Array(this.capacity);
    this.day = new Int32Array(this.capacity);
    this.cum = new Float64Array(this.capacity);
    this.fresh = new Float64Array(this.capacity);
    this.length = 0;
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  /** Hands the filled part over as columns and starts a new buffer (events may be kept by the consumer). */
  take(): ObservationColumns {
    const n = this.length;
    const whole = n === this.capacity;
    const regionId = whole ? this.regionId : this.regionId.slice(0, n);
    const day = whole ? this.day : this.day.slice(0, n);
    const cum = whole ? this.cum : this.cum.slice(0, n);
    const fresh = whole ? this.fresh : this.fresh.slice(0, n);
    this.allocate();
    return this.metric === "cases" ? { regionId, day, cumCases: cum, newCases: fresh } : { regionId, day, cumDeaths: cum, newDeaths: fresh };
  }
}

async function* parseJhuUs(rows: AsyncIterable<CsvRow>, opts: ParseOptions, source: string, metric: Metric): AsyncGenerator<AdapterEvent> {
  const batchValues = opts.batchValues;
  if (!Number.isInteger(batchValues) || batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${batchValues}`);
  }
  const pending = new PendingEvents();
  const obs = new ObservationBuffer(batchValues, metric);
  const seen = new Map<number, number>();
  let layout: UsLayout | null = null;
  let values = new Float64Array(0);

  for await (const row of rows) {
    if (layout === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      layout = parseUsHeader(row.fields, source, metric === "deaths");
      values = new Float64Array(layout.days.length);
      continue;
    }
    let region: RegionRecord;
    try {
      region = checkRow(row, layout, values, seen);
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const event = pending.addQuarantine({ line: row.line, raw: row.raw, reason: err.message });
      if (event) yield event;
      continue;
    }
    seen.set(region.id, row.line);
    const regionEvent = pending.addRegion(region);
    if (regionEvent) yield regionEvent;

    const { days, hasPrevDay } = layout;
    for (let j = 0; j < days.length; j++) {
      const k = obs.length++;
      obs.regionId[k] = region.id;
      obs.day[k] = days[j];
      obs.cum[k] = values[j];
      obs.fresh[k] = hasPrevDay[j] === 1 ? values[j] - values[j - 1] : Number.NaN;
      if (obs.full) {
        // Regions go out before the values that refer to them.
        const regions = pending.takeRegions();
        if (regions) yield regions;
        yield { kind: "observations", columns: obs.take() };
      }
    }
  }
  if (layout === null) throw new EmptySourceError(source);
  const regions = pending.takeRegions();
  if (regions) yield regions;
  if (obs.length > 0) yield { kind: "observations", columns: obs.take() };
  const quarantine = pending.takeQuarantine();
  if (quarantine) yield quarantine;
}

/** Validates one data row, fills `values` with its cumulative series and returns its region. */
function checkRow(row: CsvRow, layout: UsLayout, values: Float64Array, seen: Map<number, number>): RegionRecord {
  if (row.error) throw new RowRejected(row.error);
  const { header, cols, dateCols } = layout;
  if (sameFields(row.fields, header)) throw new RowRejected("duplicated header line");
  if (row.fields.length !== header.length) {
    throw new RowRejected(`wrong column count: ${row.fields.length} fields, the header has ${header.length}`);
  }
  const f = readRegionFields(row.fields, cols);
  const firstLine = seen.get(f.uid);
  if (firstLine !== undefined) throw new RowRejected(`duplicate UID ${f.uid} (first seen on line ${firstLine})`);
  for (let j = 0; j < dateCols.length; j++) {
    const text = row.fields[dateCols[j]];
    const v = parseDecimal(text);
    if (!(v >= 0 && v <= MAX_VALUE)) throw new RowRejected(badCount(v, text, header[dateCols[j]])!);
    values[j] = v;
  }
  return toRegion(f);
}

/**
 * Rows with an Admin2 are counties, parented to their state by name. Rows without one are
 * territories (American Samoa, Guam, …) and cruise ships: state-level under the US, exactly as
 * the JHU lookup table has them, so both adapters agree on each UID's level.
 */
function toRegion(f: RegionFields): RegionRecord {
  const county = f.admin2 !== "";
  let parentId: number | null = US_COUNTRY_UID;
  if (county) {
    parentId = usStateUidFromName(f.province);
    // Unknown state name: fall back to the FIPS state prefix of a regular county code.
    if (parentId === null && f.fips !== null && f.fips >= 1000 && f.fips < 80000) parentId = 84_000_000 + Math.floor(f.fips / 1000);
  }
  return {
    id: f.uid,
    name: county ? f.admin2 : f.province,
    level: county ? "county" : "state",
    parentId,
    fips: formatFips(f.fips, county ? 5 : 2),
    iso2: f.iso2,
    iso3: f.iso3,
    lat: f.lat,
    lon: f.lon,
    population: f.population,
  };
}
