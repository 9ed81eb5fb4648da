// Adapter for the CDC COVID-19 Forecast Hub's hubverse target data
// (target-data/time-series.parquet): `date, observation, location, as_of, target`, one row per
// location, week and publication. Two targets are kept, as two weekly metrics:
// `wk inc covid hosp` (NHSN admissions) and `wk inc covid prop ed visits` (NSSP, a proportion).
// Every row keeps its own as_of, so one file brings every publication it stacks.
import { COVIDHUB_TIME_SERIES_SOURCE, type WeeklyMetric } from "../../domain/mod.ts";
import { PipelineOptionError } from "../errors.ts";
import type { AdapterEvent, ParquetFile, ParquetSourceAdapter, ParseOptions } from "../types.ts";
import { RowRejected } from "./jhuFields.ts";
import { PendingEvents } from "./pendingEvents.ts";
import { dayCell, numberCell, readParquetColumns, rowJson, stringCell } from "./parquetColumns.ts";
import { fallbackPublishedDay, hubLocationUid, requireSaturday } from "./weeklyFields.ts";
import { duplicateReason, WeeklyRows, weeklyBatchRows } from "./weeklyRows.ts";

/** Hub target → metric. */
export const HUB_TARGETS: Readonly<Record<string, WeeklyMetric>> = {
  "wk inc covid hosp": "hosp-admissions",
  "wk inc covid prop ed visits": "ed-visits-prop",
};

export const covidhubTimeSeriesAdapter: ParquetSourceAdapter = {
  id: COVIDHUB_TIME_SERIES_SOURCE,
  dataset: COVIDHUB_TIME_SERIES_SOURCE,
  writes: "weekly",
  format: "parquet",
  parseParquet: parseTimeSeries,
};

async function* parseTimeSeries(file: ParquetFile, opts: ParseOptions): AsyncGenerator<AdapterEvent> {
  const source = COVIDHUB_TIME_SERIES_SOURCE;
  if (!Number.isInteger(opts.batchValues) || opts.batchValues < 1) {
    throw new PipelineOptionError(`batchValues must be a positive integer, got ${opts.batchValues}`);
  }
  const published = fallbackPublishedDay(opts.publishedDay);
  const { numRows, columns } = await readParquetColumns(file, source, ["date", "observation", "location", "target"], ["as_of"]);
  const { date, observation, location, target } = columns;
  const asOfColumn = columns.as_of;
  const out: Record<WeeklyMetric, WeeklyRows> = {
    "hosp-admissions": new WeeklyRows("hosp-admissions"),
    "ed-visits-prop": new WeeklyRows("ed-visits-prop"),
    "ed-visits-pct": new WeeklyRows("ed-visits-pct"),
  };
  const pending = new PendingEvents();
  const otherTargets = new Map<string, number>();

  for (let i = 0; i < numRows; i++) {
    try {
      const t = stringCell(target[i]);
      const metric = HUB_TARGETS[t];
      if (metric === undefined) {
        otherTargets.set(t, (otherTargets.get(t) ?? 0) + 1);
        continue;
      }
      const loc = stringCell(location[i]);
      const regionId = hubLocationUid(loc);
      if (regionId === null) throw new RowRejected(`unknown location "${loc}" (expected a 2-digit state FIPS or US)`);
      const week = dayCell(date[i], "date");
      requireSaturday(week, "date");
      const asOf = asOfColumn ? dayCell(asOfColumn[i], "as_of") : published;
      const value = numberCell(observation[i], "observation");
      if (value < 0) throw new RowRejected(`negative observation ${value}`);
      if (metric === "ed-visits-prop" && value > 1) throw new RowRejected(`proportion ${value} is above 1`);
      out[metric].push(regionId, week, asOf, value, -1, -1, null, i);
    } catch (err) {
      if (!(err instanceof RowRejected)) throw err;
      const ev = pending.addQuarantine({ line: i + 1, raw: rowJson(columns, i), reason: err.message });
      if (ev) yield ev;
    }
  }
  for (const rows of Object.values(out)) {
    for (const d of rows.finish()) {
      const ev = pending.addQuarantine({ line: d.origin + 1, raw: rowJson(columns, d.origin), reason: `${duplicateReason(d)} (${rows.metric})` });
      if (ev) yield ev;
    }
  }
  const quarantine = pending.takeQuarantine();
  if (quarantine) yield quarantine;
  for (const [t, rows] of otherTargets) yield { kind: "skipped", rows, reason: `target "${t}" is not one this system stores` };
  const max = weeklyBatchRows(opts.batchValues);
  for (const rows of Object.values(out)) for (const columns of rows.batches(max)) yield { kind: "weekly", columns };
}
