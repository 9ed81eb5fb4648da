// Adapter for ECDC's weekly national file (notification.csv): one row per country, indicator
// (cases | deaths) and ISO year-week, with the weekly count and the cumulative count. Stored as
// dataset "ecdc", one region-day per week: day = the Sunday that ends the ISO week, new = the
// weekly count, cumulative = ECDC's cumulative count. Countries are matched by ISO 3166 alpha-3
// to their JHU UID. Continental aggregate rows ("Europe (total)", empty country_code) are
// skipped and counted, not quarantined: they are sums of rows we keep, not bad data.
import { CsvReadError, EmptySourceError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { RowRejected } from "./jhuFields.ts";
import { jhuRegistry, type JhuRegistry } from "./jhuRegistry.ts";
import { parseYearWeek } from "./isoWeek.ts";
import { checkShape, columnIndex, optionalCount, optionalValue, windowDay } from "./longRows.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { RegionDayBuffer } from "./regionDayBuffer.ts";

export const ECDC_DATASET = "ecdc";

const COLUMNS = ["country", "country_code", "indicator", "weekly_count", "year_week", "cumulative_count"] as const;
/** ECDC codes that differ from the ISO / JHU alpha-3 code: Kosovo (no ISO code; JHU uses XKS). */
const ISO3_ALIASES: Record<string, string> = { RKS: "XKS", XKX: "XKS" };
const AGGREGATE = "continental aggregate row (no country code)";

export const ecdcWeeklyAdapter: SourceAdapter = { id: "ecdc-weekly", dataset: ECDC_DATASET, writes: "observations", parse: parseEcdc };

async function* parseEcdc(rows: AsyncIterable<CsvRow>, opts: ParseOptions): AsyncGenerator<AdapterEvent> {
  const source = ecdcWeeklyAdapter.id;
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const registry = await jhuRegistry();
  // Cases and deaths rows are separate lines: each indicator fills its own batches.
  const cases = new RegionDayBuffer(opts.batchValues, ["cumCases", "newCases"] as const);
  const deaths = new RegionDayBuffer(opts.batchValues, ["cumDeaths", "newDeaths"] as const);
  const pending = new PendingEvents();
  const pair = new Float64Array(2);
  let header: string[] | null = null;
  let col = {} as Record<(typeof COLUMNS)[number], number>;
  let aggregates = 0;

  for await (const row of rows) {
    if (header === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      header = row.fields;
      col = columnIndex(header, COLUMNS, source);
      continue;
    }
    let target: typeof cases | typeof deaths;
    let regionId: number;
    let day: number;
    try {
      checkShape(row, header);
      const f = row.fields;
      if (f[col.country_code] === "" && f[col.country].endsWith("(total)")) {
        aggregates++;
        continue;
      }
      regionId = regionOf(f[col.country_code], registry);
      const indicator = f[col.indicator];
      if (indicator !== "cases" && indicator !== "deaths") throw new RowRejected(`unknown indicator "${indicator}" (expected cases or deaths)`);
      target = indicator === "cases" ? cases : deaths;
      const week = parseYearWeek(f[col.year_week]);
      if (week === null) throw new RowRejected(`bad date: year_week "${f[col.year_week]}" is not an ISO year-week (YYYY-WW)`);
      windowDay(week, "year_week");
      day = week;
      if (target.has(regionId, day)) throw new RowRejected(`duplicate region-day: ${f[col.country_code]} ${indicator} ${f[col.year_week]} appears twice`);
      pair[0] = optionalCount(f[col.cumulative_count], "cumulative_count");
      pair[1] = optionalValue(f[col.weekly_count], "weekly_count");
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const ev = pending.addQuarantine({ line: row.line, raw: row.raw, reason: err.message });
      if (ev) yield ev;
      continue;
    }
    target.push(regionId, day, pair);
    if (target.full) yield target === cases ? { kind: "observations", columns: cases.take() } : { kind: "observations", columns: deaths.take() };
  }
  if (header === null) throw new EmptySourceError(source);
  if (cases.length > 0) yield { kind: "observations", columns: cases.take() };
  if (deaths.length > 0) yield { kind: "observations", columns: deaths.take() };
  if (aggregates > 0) yield { kind: "skipped", rows: aggregates, reason: AGGREGATE };
  const quarantine = pending.takeQuarantine();
  if (quarantine) yield quarantine;
}

function regionOf(code: string, registry: JhuRegistry): number {
  if (code === "") throw new RowRejected("unknown region code: empty country_code on a row that is not a continental total");
  const place = registry.byIso3(ISO3_ALIASES[code] ?? code);
  if (!place) throw new RowRejected(`unknown region code: country_code "${code}" is not in the JHU region registry`);
  return place.uid;
}
