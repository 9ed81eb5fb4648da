import { expect } from "bun:test";
import { readFileSync } from "node:fs";
import { MissingColumnError, SourceDecodeError } from "../errors.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { HOSP_CSV, NSSP, regionWeeks, rowsOf, runWeeklyAdapter, TIME_SERIES } from "../weeklyTestSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

// Whole real files are parsed: generous on a shared 2-core machine (not a performance target).
const FILE_TIMEOUT_MS = 60_000;
const AL = 84000001;
const US = 840;

const data = needsSharedData(TIME_SERIES, HOSP_CSV, NSSP);

data.test(
  "both targets, every publication the file stacks, each row's as_of kept",
  async () => {
    const r = await runWeeklyAdapter("covidhub-time-series", { file: TIME_SERIES });
    expect(r.quarantine).toEqual([]);
    expect(r.skipped).toEqual({});
    const hosp = r.byMetric["hosp-admissions"]!;
    const ed = r.byMetric["ed-visits-prop"]!;
    // 251,306 rows: 77,804 of `wk inc covid hosp`, 173,502 of `wk inc covid prop ed visits`.
    expect(hosp.regionId.length).toBe(77_804);
    expect(ed.regionId.length).toBe(173_502);
    expect(regionWeeks(hosp)).toBe(3180);
    expect(regionWeeks(ed)).toBe(8670);
    expect(new Set(hosp.asOf).size).toBe(51);
    expect(new Set(ed.asOf).size).toBe(22);
    expect(Math.max(...hosp.asOf)).toBe(dayOfIso("2025-12-31"));
    // The file's first row: 2022-10-01, 0.0102, "01", as_of 2025-06-18, prop ed visits.
    const first = rowsOf(ed, AL, dayOfIso("2022-10-01"));
    expect(ed.asOf[first[0]]).toBe(dayOfIso("2025-06-18"));
    expect(ed.value[first[0]]).toBe(0.0102);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "its newest hospital publication equals the legacy CSV published the same day, region-week by region-week",
  async () => {
    const hosp = (await runWeeklyAdapter("covidhub-time-series", { file: TIME_SERIES })).byMetric["hosp-admissions"]!;
    const newest = new Map<string, number>();
    for (let i = 0; i < hosp.regionId.length; i++) if (hosp.asOf[i] === dayOfIso("2025-12-31")) newest.set(`${hosp.regionId[i]}|${hosp.weekEnd[i]}`, hosp.value[i]);
    const csv = (await runWeeklyAdapter("covidhub-hosp", { file: HOSP_CSV }, { publishedDay: dayOfIso("2025-12-31") })).byMetric["hosp-admissions"]!;
    expect(newest.size).toBe(3180);
    let same = 0;
    for (let i = 0; i < csv.regionId.length; i++) if (newest.get(`${csv.regionId[i]}|${csv.weekEnd[i]}`) === csv.value[i]) same++;
    expect(same).toBe(3180);
    expect(newest.get(`${US}|${dayOfIso("2025-12-20")}`)).toBe(5588);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "a truncated parquet file fails as a whole, with a reason, and yields nothing",
  async () => {
    const bytes = readFileSync(TIME_SERIES);
    for (const cut of [bytes.length - 1, Math.floor(bytes.length / 2), 100]) {
      const run = runWeeklyAdapter("covidhub-time-series", { bytes: bytes.subarray(0, cut) });
      await expect(run).rejects.toBeInstanceOf(SourceDecodeError);
      await expect(run).rejects.toThrow(/not a complete parquet file/);
    }
    await expect(runWeeklyAdapter("covidhub-time-series", { bytes: new TextEncoder().encode("date,observation\n") })).rejects.toThrow(/not a parquet file/);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "a parquet file with a corrupt data page fails as a whole",
  async () => {
    const bytes = new Uint8Array(readFileSync(TIME_SERIES));
    // Overwrite 4 KB in the middle of the column data (the footer at the end stays intact).
    bytes.fill(0xff, 60_000, 64_096);
    const run = runWeeklyAdapter("covidhub-time-series", { bytes });
    await expect(run).rejects.toBeInstanceOf(SourceDecodeError);
    await expect(run).rejects.toThrow(/corrupt parquet data/);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "a parquet file without the target column is refused by name",
  async () => {
    const nssp = readFileSync(NSSP);
    await expect(runWeeklyAdapter("covidhub-time-series", { bytes: nssp })).rejects.toBeInstanceOf(MissingColumnError);
    await expect(runWeeklyAdapter("covidhub-time-series", { bytes: nssp })).rejects.toThrow(/"date", "observation", "location", "target"/);
  },
  FILE_TIMEOUT_MS,
);
