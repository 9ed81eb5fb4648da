// The bundled *current* sample: which real CDC COVID-19 Forecast Hub files (published on
// 2025-12-31) sample/ holds, in ingest order. tools/sample/currentSample.ts copies them there and
// describes them in sample/ATTRIBUTION.md; cli/sample.ts ingests them on first start.

export interface CurrentSampleFile {
  /** Source id of the adapter that reads it (domain/weekly.ts, pipelines/registry.ts). */
  source: string;
  file: string;
  /** Path of the file in CDCgov/covid19-forecast-hub, or how it was assembled. */
  hubPath: string;
  what: string;
}

/** In ingest order (the region lookup of the JHU sample goes first: weekly rows name regions). */
export const CURRENT_SAMPLE: readonly CurrentSampleFile[] = [
  {
    source: "covidhub-hosp-vintages",
    file: "hospital-admissions-vintages.csv.gz",
    hubPath: "`target-data/covid-hospital-admissions.csv`, every weekly version 2024-11-18 … 2025-12-31 stacked with an `as_of` column",
    what: "weekly confirmed COVID-19 hospital admissions (NHSN) per state, DC, PR and the US, weeks from 2024-11-09; the newest version (as_of 2025-12-31) is the hub's file of that day, row for row",
  },
  {
    source: "covidhub-time-series",
    file: "time-series-asof-2025-12-31.parquet",
    hubPath: "`target-data/time-series.parquet`",
    what: "the hub's official target data: `wk inc covid hosp` and `wk inc covid prop ed visits` (NSSP) per state and US, with `as_of`",
  },
  {
    source: "nssp-ed-visits",
    file: "nssp-raw-asof-2025-12-31.parquet",
    hubPath: "`auxiliary-data/nssp-raw-data/latest.parquet`",
    what: "NSSP percent of emergency-department visits due to COVID-19 per county (HSA-based), state and nation, with CDC's level and trend, weeks ending 2022-10-01 … 2025-12-27",
  },
];
