import { expect } from "bun:test";
import { readFileSync } from "node:fs";
import { dayOfIso, ED_LEVELS, ED_TRENDS } from "../../domain/mod.ts";
import { SourceDecodeError } from "../errors.ts";
import { NSSP, regionWeeks, rowsOf, runWeeklyAdapter } from "../weeklyTestSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

// Whole real files are parsed: generous on a shared 2-core machine (not a performance target).
const FILE_TIMEOUT_MS = 60_000;
const PUBLISHED = dayOfIso("2025-12-31");
const US = 840;
// One parse of the 2.4 MB file shared by the tests that read it whole.
let parsed: ReturnType<typeof runWeeklyAdapter> | null = null;
const nssp = () => (parsed ??= runWeeklyAdapter("nssp-ed-visits", { file: NSSP }, { publishedDay: PUBLISHED }));

const data = needsSharedData(NSSP);

data.test(
  "county, state and national rows, one region-week each, of the file's one publication",
  async () => {
    const r = await nssp();
    expect(r.quarantine).toEqual([]);
    const c = r.byMetric["ed-visits-pct"]!;
    expect(Object.keys(r.byMetric)).toEqual(["ed-visits-pct"]);
    expect(c.regionId.length).toBe(389_580);
    expect(regionWeeks(c)).toBe(389_580);
    expect(new Set(c.asOf)).toEqual(new Set([PUBLISHED]));
    expect(new Set(c.weekEnd).size).toBe(170);
    let national = 0;
    let states = 0;
    let counties = 0;
    for (const id of c.regionId) {
      if (id === US) national++;
      else if (id > 84000000 && id < 84000100) states++;
      else if (id > 84000100) counties++;
    }
    // 170 national rows (fips 00000), 50 states/DC × 170 weeks (county "All", fips SS000), the rest counties.
    expect([national, states, counties]).toEqual([170, 8500, 380_910]);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "spot values: value, CDC level and trend as the file has them",
  async () => {
    const c = (await nssp()).byMetric["ed-visits-pct"]!;
    const one = (region: number, week: string) => {
      const rows = rowsOf(c, region, dayOfIso(week));
      expect(rows.length).toBe(1);
      const i = rows[0];
      return [c.value[i], ED_LEVELS[c.level[i]] ?? null, ED_TRENDS[c.trend[i]] ?? null, c.missingReason[i]];
    };
    // Camden County NC (fips 37029), week ending 2023-10-21: 1.17 %, Low, No Change.
    expect(one(84037029, "2023-10-21")).toEqual([1.17, "low", "no-change", null]);
    // United States, 2022-10-01: 1.84 %, Moderate, Decreasing.
    expect(one(US, "2022-10-01")).toEqual([1.84, "moderate", "decreasing", null]);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "Data Unavailable and Limited Data are missing values with that reason, not quarantined; Sparse is no trend",
  async () => {
    const c = (await nssp()).byMetric["ed-visits-pct"]!;
    const reasons = new Map<string | null, number>();
    let nanWithoutReason = 0;
    let levelWithoutTrend = 0;
    for (let i = 0; i < c.regionId.length; i++) {
      reasons.set(c.missingReason[i], (reasons.get(c.missingReason[i]) ?? 0) + 1);
      if (Number.isNaN(c.value[i]) && c.missingReason[i] === null) nanWithoutReason++;
      if (c.level[i] >= 0 && c.trend[i] < 0) levelWithoutTrend++;
      if (c.missingReason[i] !== null) {
        expect(Number.isNaN(c.value[i])).toBe(true);
        expect([c.level[i], c.trend[i]]).toEqual([-1, -1]);
      }
    }
    // covid_threshold_classification counts in the file: Data Unavailable 3,926, Limited Data 28,900.
    expect(Object.fromEntries(reasons)).toEqual({ null: 389_580 - 3926 - 28_900, "Data Unavailable": 3926, "Limited Data": 28_900 });
    expect(nanWithoutReason).toBe(0);
    // ed_trends_covid = "Sparse" on 2,059 rows that have a level.
    expect(levelWithoutTrend).toBe(2059);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "a truncated NSSP file fails with a reason",
  async () => {
    const bytes = readFileSync(NSSP);
    const run = runWeeklyAdapter("nssp-ed-visits", { bytes: bytes.subarray(0, bytes.length - 5000) });
    await expect(run).rejects.toBeInstanceOf(SourceDecodeError);
    await expect(run).rejects.toThrow(/nssp-ed-visits: not a complete parquet file/);
  },
  FILE_TIMEOUT_MS,
);
