// Adapter for CDC's NSSP emergency-department visits (the raw county/HSA parquet): the percent of
// ED visits due to COVID-19 per county (HSA-based), per state (county "All", fips SS000) and for
// the nation (geography "United States", fips 00000), with CDC's own level
// (covid_threshold_classification) and trend (ed_trends_covid). "Data Unavailable" and
// "Limited Data" are CDC's way of saying "no value this week": they are stored as missing values
// with that reason, not quarantined. The file has no as_of column of its own (if a later one
// does, it is used); otherwise the publication is the source's Last-Modified or the ingest time.
import { ED_LEVELS, ED_TRENDS, NSSP_ED_VISITS_SOURCE, US_COUNTRY_UID } from "../../domain/mod.ts";
import { PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, ParquetFile, ParquetSourceAdapter, ParseOptions } from "../types.ts";
import { RowRejected } from "./jhuFields.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { dayCell, numberCell, readParquetColumns, rowJson, stringCell } from "./parquetColumns.ts";
import { countyUid, fallbackPublishedDay, hubLocationUid, requireSaturday } from "./weeklyFields.ts";
import { duplicateReason, WeeklyRows, weeklyBatchRows } from "./weeklyRows.ts";

/** CDC's labels → ED_LEVELS / ED_TRENDS indexes. */
const LEVEL_INDEX: Record<string, number> = {
  "Very Low": ED_LEVELS.indexOf("very-low"),
  Low: ED_LEVELS.indexOf("low"),
  Moderate: ED_LEVELS.indexOf("moderate"),
  High: ED_LEVELS.indexOf("high"),
  "Very High": ED_LEVELS.indexOf("very-high"),
};
const TREND_INDEX: Record<string, number> = {
  Decreasing: ED_TRENDS.indexOf("decreasing"),
  "No Change": ED_TRENDS.indexOf("no-change"),
  Increasing: ED_TRENDS.indexOf("increasing"),
  // Too few visits for a trend; the value and level still stand.
  Sparse: -1,
};
/** Classifications that mean "no value published this week": kept as the missing reason. */
export const NSSP_MISSING = new Set(["Data Unavailable", "Limited Data"]);

const REQUIRED = ["week_end", "geography", "county", "fips", "percent_visits_covid", "ed_trends_covid", "covid_threshold_classification"] as const;

export const nsspEdVisitsAdapter: ParquetSourceAdapter = {
  id: NSSP_ED_VISITS_SOURCE,
  dataset: NSSP_ED_VISITS_SOURCE,
  writes: "weekly",
  format: "parquet",
  parseParquet: parseNssp,
};

/** County rows → county UID; state rows (county "All", fips SS000) → state UID; the nation → 840. */
export function nsspRegionUid(geography: string, county: string, fips: string): number {
  if (county === "All") {
    if (geography === "United States" || fips === "00000") return US_COUNTRY_UID;
    const m = /^(\d{2})000$/.exec(fips);
    const uid = m ? hubLocationUid(m[1]) : null;
    if (uid === null) throw new RowRejected(`unknown state: fips "${fips}" of a county "All" row is not SS000 for a known state`);
    return uid;
  }
  const uid = countyUid(fips);
  if (uid === null) throw new RowRejected(`unknown county: fips "${fips}" is not a 5-digit FIPS of a known state`);
  return uid;
}

async function* parseNssp(file: ParquetFile, opts: ParseOptions): AsyncGenerator<AdapterEvent> {
  const source = NSSP_ED_VISITS_SOURCE;
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const published = fallbackPublishedDay(opts.publishedDay);
  const { numRows, columns } = await readParquetColumns(file, source, REQUIRED, ["as_of"]);
  const c = columns;
  const out = new WeeklyRows("ed-visits-pct");
  const pending = new PendingEvents();

  for (let i = 0; i < numRows; i++) {
    try {
      const fips = stringCell(c.fips[i]);
      const regionId = nsspRegionUid(stringCell(c.geography[i]), stringCell(c.county[i]), fips);
      const week = dayCell(c.week_end[i], "week_end");
      requireSaturday(week, "week_end");
      const asOf = c.as_of ? dayCell(c.as_of[i], "as_of") : published;
      const cls = stringCell(c.covid_threshold_classification[i]);
      const trendText = stringCell(c.ed_trends_covid[i]);
      let value = numberCell(c.percent_visits_covid[i], "percent_visits_covid");
      let level = -1;
      let trend = -1;
      let reason: string | null = null;
      if (NSSP_MISSING.has(cls)) {
        value = Number.NaN;
        reason = cls;
      } else {
        level = LEVEL_INDEX[cls] ?? -2;
        if (level === -2) throw new RowRejected(`unknown covid_threshold_classification "${cls}"`);
        if (value < 0 || value > 100) throw new RowRejected(`percent_visits_covid ${value} is outside 0…100`);
        if (Number.isNaN(value)) reason = "not published";
        if (!NSSP_MISSING.has(trendText)) {
          trend = TREND_INDEX[trendText] ?? -2;
          if (trend === -2) throw new RowRejected(`unknown ed_trends_covid "${trendText}"`);
        }
      }
      out.push(regionId, week, asOf, value, level, trend, reason, i);
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const ev = pending.addQuarantine({ line: i + 1, raw: rowJson(columns, i), reason: err.message });
      if (ev) yield ev;
    }
  }
  for (const d of out.finish()) {
    const ev = pending.addQuarantine({ line: d.origin + 1, raw: rowJson(columns, d.origin), reason: duplicateReason(d) });
    if (ev) yield ev;
  }
  const quarantine = pending.takeQuarantine();
  if (quarantine) yield quarantine;
  for (const columns of out.batches(weeklyBatchRows(opts.batchValues))) yield { kind: "weekly", columns };
}
