// Adapter for the CDC COVID-19 Forecast Hub's legacy target file (covid-hospital-admissions.csv):
// weekly confirmed COVID-19 hospital admissions (NHSN) per state, DC, PR and the nation. The
// hub renamed its date column from `date` to `target_end_date`: both headers are accepted. The
// file itself says nothing of when it was published, so its publication (as_of) is the
// source's Last-Modified, else the ingest time (ParseOptions.publishedDay).
//
// The same parser reads the stacked vintages (hospital-admissions-vintages.csv.gz), whose
// `as_of` column names the publication of every row; both store under one dataset, so
// the system holds every publication of the series.
import { COVIDHUB_HOSP_SOURCE } from "../../domain/mod.ts";
import { CsvReadError, EmptySourceError, MissingColumnError, PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, CsvRow, ParseOptions, SourceAdapter } from "../types.ts";
import { RowRejected } from "./jhuFields.ts";
import { checkShape, dayField, optionalValue } from "./longRows.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { fallbackPublishedDay, hubLocationUid, requireSaturday } from "./weeklyFields.ts";
import { duplicateReason, WeeklyRows, weeklyBatchRows } from "./weeklyRows.ts";

export const COVIDHUB_HOSP_VINTAGES_SOURCE = "covidhub-hosp-vintages";

export const covidhubHospAdapter: SourceAdapter = {
  id: COVIDHUB_HOSP_SOURCE,
  dataset: COVIDHUB_HOSP_SOURCE,
  writes: "weekly",
  parse: (rows, opts) => parseHosp(rows, opts, COVIDHUB_HOSP_SOURCE),
};

export const covidhubHospVintagesAdapter: SourceAdapter = {
  id: COVIDHUB_HOSP_VINTAGES_SOURCE,
  dataset: COVIDHUB_HOSP_SOURCE,
  writes: "weekly",
  parse: (rows, opts) => parseHosp(rows, opts, COVIDHUB_HOSP_VINTAGES_SOURCE),
};

interface Columns {
  week: number;
  weekName: string;
  value: number;
  location: number;
  /** -1: the file has no as_of column, every row is of the one publication. */
  asOf: number;
}

function findColumns(header: string[], source: string): Columns {
  const h = header.map((c) => c.trim());
  const week = h.indexOf("target_end_date") >= 0 ? h.indexOf("target_end_date") : h.indexOf("date");
  const missing = [
    ...(week < 0 ? ["date (or target_end_date)"] : []),
    ...["value", "location"].filter((c) => !h.includes(c)),
    ...(source === COVIDHUB_HOSP_VINTAGES_SOURCE && !h.includes("as_of") ? ["as_of"] : []),
  ];
  if (missing.length > 0) throw new MissingColumnError(source, missing);
  return { week, weekName: h[week], value: h.indexOf("value"), location: h.indexOf("location"), asOf: h.indexOf("as_of") };
}

async function* parseHosp(rows: AsyncIterable<CsvRow>, opts: ParseOptions, source: string): AsyncGenerator<AdapterEvent> {
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const published = fallbackPublishedDay(opts.publishedDay);
  const out = new WeeklyRows("hosp-admissions");
  const pending = new PendingEvents();
  let header: string[] | null = null;
  let col: Columns | null = null;
  let aggregates = 0;
  // Line and text of each kept row, to quarantine a duplicate found after the sort (files are small).
  const lines: number[] = [];
  const raws: string[] = [];

  for await (const row of rows) {
    if (header === null) {
      if (row.error) throw new CsvReadError(`${source}: header line is unreadable (${row.error})`);
      header = row.fields;
      col = findColumns(header, source);
      continue;
    }
    const c = col!;
    try {
      checkShape(row, header);
      const f = row.fields;
      if (f[c.location] === "NA") {
        // One 2025 vintage also lists HHS regions ("Region 1" …) with location NA: sums of states we keep.
        aggregates++;
        continue;
      }
      const regionId = hubLocationUid(f[c.location]);
      if (regionId === null) throw new RowRejected(`unknown location "${f[c.location]}" (expected a 2-digit state FIPS or US)`);
      const week = dayField(f[c.week], c.weekName);
      requireSaturday(week, c.weekName);
      const asOf = c.asOf < 0 ? published : dayField(f[c.asOf], "as_of");
      const value = optionalValue(f[c.value], "value");
      if (value < 0) throw new RowRejected(`negative admissions ${f[c.value]}`);
      out.push(regionId, week, asOf, value, -1, -1, null, lines.length);
      lines.push(row.line);
      raws.push(row.raw);
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const ev = pending.addQuarantine({ line: row.line, raw: row.raw, reason: err.message });
      if (ev) yield ev;
    }
  }
  if (header === null) throw new EmptySourceError(source);
  if (aggregates > 0) yield { kind: "skipped", rows: aggregates, reason: "HHS region aggregate (location NA)" };
  for (const d of out.finish()) {
    const ev = pending.addQuarantine({ line: lines[d.origin], raw: raws[d.origin], reason: duplicateReason(d) });
    if (ev) yield ev;
  }
  const quarantine = pending.takeQuarantine();
  if (quarantine) yield quarantine;
  for (const columns of out.batches(weeklyBatchRows(opts.batchValues))) yield { kind: "weekly", columns };
}
