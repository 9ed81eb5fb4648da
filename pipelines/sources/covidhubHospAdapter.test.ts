import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { MissingColumnError } from "../errors.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { HOSP_CSV, HOSP_VINTAGES, regionWeeks, rowsOf, runWeeklyAdapter } from "../weeklyTestSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

// Whole real files are parsed: generous on a shared 2-core machine (not a performance target).
const FILE_TIMEOUT_MS = 60_000;
const AL = 84000001;
const PR = 630;
const US = 840;
const PUBLISHED = dayOfIso("2025-12-31");

const data = needsSharedData(HOSP_CSV, HOSP_VINTAGES);

data.test(
  "the legacy CSV: 53 locations × 60 weeks of admissions, all of the file's one publication",
  async () => {
    const r = await runWeeklyAdapter("covidhub-hosp", { file: HOSP_CSV }, { publishedDay: PUBLISHED });
    const c = r.byMetric["hosp-admissions"]!;
    expect(Object.keys(r.byMetric)).toEqual(["hosp-admissions"]);
    expect(r.quarantine).toEqual([]);
    expect(c.regionId.length).toBe(3180);
    expect(regionWeeks(c)).toBe(3180);
    expect(new Set(c.regionId).size).toBe(53);
    expect(new Set(c.weekEnd).size).toBe(60);
    expect(new Set(c.asOf)).toEqual(new Set([PUBLISHED]));
    const at = (region: number, week: string) => c.value[rowsOf(c, region, dayOfIso(week))[0]];
    // Lines "AL,2025-12-20,92,01", "PR,2025-12-20,15,72", "US,2025-12-20,5588,US", "AK,2024-11-09,14,02".
    expect(at(AL, "2025-12-20")).toBe(92);
    expect(at(PR, "2025-12-20")).toBe(15);
    expect(at(US, "2025-12-20")).toBe(5588);
    expect(at(84000002, "2024-11-09")).toBe(14);
    expect([...c.level].every((v) => v === -1) && [...c.trend].every((v) => v === -1)).toBe(true);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "the later header (target_end_date) gives the same region-weeks as the legacy one (date)",
  async () => {
    const text = readFileSync(HOSP_CSV, "utf8");
    const renamed = text.replace(/^state,date,value,location/, "state,target_end_date,value,location");
    expect(renamed).not.toBe(text);
    const a = (await runWeeklyAdapter("covidhub-hosp", { text }, { publishedDay: PUBLISHED })).byMetric["hosp-admissions"]!;
    const b = (await runWeeklyAdapter("covidhub-hosp", { text: renamed }, { publishedDay: PUBLISHED })).byMetric["hosp-admissions"]!;
    expect(b.regionId.length).toBe(3180);
    expect(b.regionId).toEqual(a.regionId);
    expect(b.weekEnd).toEqual(a.weekEnd);
    expect(b.value).toEqual(a.value);
  },
  FILE_TIMEOUT_MS,
);

test(
  "a header with neither date column fails the whole file",
  async () => {
    const run = runWeeklyAdapter("covidhub-hosp", { text: "state,week,value,location\nAL,2025-12-20,92,01\n" });
    await expect(run).rejects.toBeInstanceOf(MissingColumnError);
    await expect(runWeeklyAdapter("covidhub-hosp", { text: "state,week,value,location\n" })).rejects.toThrow(/date \(or target_end_date\)/);
  },
  FILE_TIMEOUT_MS,
);

test(
  "bad rows are quarantined with a reason; an empty value is a missing value",
  async () => {
    const text = [
      "state,date,value,location",
      "AL,2025-12-20,92,01",
      "XX,2025-12-20,5,99",
      "AL,2025-12-19,5,01",
      "AL,2025-12-20,93,01",
      "AL,2025-12-13,-1,01",
      "AL,2025-12-06,,01",
      "AL,2025-11-29,abc,01",
      "",
    ].join("\n");
    const r = await runWeeklyAdapter("covidhub-hosp", { text }, { publishedDay: PUBLISHED });
    expect(r.quarantine.map((q) => [q.line, q.reason])).toEqual([
      [3, 'unknown location "99" (expected a 2-digit state FIPS or US)'],
      [4, "bad week: date 2025-12-19 is not a Saturday (CDC weeks end on Saturday)"],
      [6, "negative admissions -1"],
      [8, 'non-numeric value "abc" for value'],
      [5, "duplicate region-week: region 84000001, week 2025-12-20, as of 2025-12-31 appears earlier in the file (the first is kept)"],
    ]);
    const c = r.byMetric["hosp-admissions"]!;
    expect([...c.weekEnd]).toEqual([dayOfIso("2025-12-06"), dayOfIso("2025-12-20")]);
    expect(Number.isNaN(c.value[0])).toBe(true);
    expect(c.value[1]).toBe(92); // the first of the two lines for this region-week
    expect(r.quarantine.find((q) => q.line === 5)?.raw).toBe("AL,2025-12-20,93,01");
  },
  FILE_TIMEOUT_MS,
);

test(
  "without a publication day the file's rows are of today's publication",
  async () => {
    const r = await runWeeklyAdapter("covidhub-hosp", { text: "state,date,value,location\nAL,2025-12-20,92,01\n" });
    expect(r.byMetric["hosp-admissions"]!.asOf[0]).toBe(Math.floor(Date.now() / 86_400_000));
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "the vintages: every publication kept, HHS-region aggregates skipped, a week's revisions in order",
  async () => {
    const r = await runWeeklyAdapter("covidhub-hosp-vintages", { file: HOSP_VINTAGES });
    const c = r.byMetric["hosp-admissions"]!;
    expect(r.quarantine).toEqual([]);
    expect(r.skipped).toEqual({ "HHS region aggregate (location NA)": 440 });
    // 81,318 data rows, 440 of them HHS regions.
    expect(c.regionId.length).toBe(81_318 - 440);
    expect(regionWeeks(c)).toBe(3180);
    expect(new Set(c.asOf).size).toBe(55); // zcat … | cut -d, -f1 | sort -u | wc -l
    // AL, week ending 2025-01-04: first published 216 (2025-01-08), revised to 226 (2025-01-15), then 220 (2025-11-26).
    const rows = rowsOf(c, AL, dayOfIso("2025-01-04"));
    expect(rows.length).toBe(46); // zcat … | grep -c ",01,AL,2025-01-04"
    expect(rows.map((i) => c.asOf[i])).toEqual([...rows.map((i) => c.asOf[i])].sort((x, y) => x - y));
    const valueAsOf = (day: string) => c.value[rows.filter((i) => c.asOf[i] <= dayOfIso(day)).at(-1)!];
    expect(valueAsOf("2025-01-08")).toBe(216);
    expect(valueAsOf("2025-11-19")).toBe(226);
    expect(valueAsOf("2025-12-31")).toBe(220);
  },
  FILE_TIMEOUT_MS,
);

data.test(
  "small batches never split one region-week's publications",
  async () => {
    const r = await runWeeklyAdapter("covidhub-hosp-vintages", { file: HOSP_VINTAGES }, { batchValues: 100 });
    const batches = r.events.flatMap((e) => (e.kind === "weekly" ? [e.columns] : []));
    expect(batches.length).toBeGreaterThan(800);
    for (let b = 1; b < batches.length; b++) {
      const prev = batches[b - 1];
      const last = prev.regionId.length - 1;
      const sameKey = prev.regionId[last] === batches[b].regionId[0] && prev.weekEnd[last] === batches[b].weekEnd[0];
      expect(sameKey).toBe(false);
      expect(batches[b].regionId.length).toBeLessThanOrEqual(100);
    }
    expect(batches.reduce((s, x) => s + x.regionId.length, 0)).toBe(81_318 - 440);
  },
  FILE_TIMEOUT_MS,
);
