// Non-finite and out-of-range values, and dates outside the window (domain/dateWindow.ts), are
// quarantined row by row in every adapter: none reaches a batch, where storage would refuse the
// whole batch, and a dense per-day series could not be built from them.
import { describe, expect, test } from "bun:test";
import { BadDateHeaderError } from "../errors.ts";
import { CONFIRMED_US, readLines, runAdapter, valueAt } from "../testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { runWeeklyAdapter } from "../weeklyTestSupport.ts";
import { RowRejected } from "./jhuFields.ts";
import { dayCell, numberCell } from "./parquetColumns.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const reasons = (q: { line: number; reason: string }[]) => q.map((r) => [r.line, r.reason]);

const data = needsSharedData(CONFIRMED_US);

describe("CSV adapters", () => {
  test("nyt: 1e999, a count above 10^10 and dates outside the window are quarantined; good rows land", async () => {
    const text = `${[
      "date,state,fips,cases,deaths",
      "2020-03-01,Washington,53,10,1",
      "2020-03-02,Washington,53,1e999,1",
      "2020-03-03,Washington,53,12,1E400",
      "2020-03-04,Washington,53,20000000000,1",
      "0001-01-01,Washington,53,1,0",
      "2099-01-01,Washington,53,1,0",
      "2019-11-30,Washington,53,1,0",
      "2020-03-05,Washington,53,14,2",
    ].join("\n")}\n`;
    const c = await runAdapter("nyt-us-states", { text });
    expect(reasons(c.quarantine)).toEqual([
      [3, "out-of-range value 1e999 for cases: not a finite number within ±10000000000"],
      [4, "out-of-range value 1E400 for deaths: not a finite number within ±10000000000"],
      [5, "out-of-range value 20000000000 for cases: not a finite number within ±10000000000"],
      [6, 'bad date: date "0001-01-01" is not a YYYY-MM-DD date'],
      [7, expect.stringMatching(/^bad date: date 2099-01-01 is outside the date window 2019-12-01 … \d{4}-\d\d-\d\d$/)],
      [8, expect.stringMatching(/^bad date: date 2019-11-30 is outside the date window/)],
    ]);
    expect(Array.from(c.columns.day)).toEqual([dayOfIso("2020-03-01"), dayOfIso("2020-03-05")]);
    expect(Array.from(c.columns.cumCases!).every(Number.isFinite)).toBe(true);
  });

  data.test("jhu-us: a non-finite cumulative value quarantines its row; a header date outside the window fails the file", async () => {
    const lines = readLines(CONFIRMED_US).slice(0, 4);
    const header = lines[0];
    const bad = lines[2].replace(/,(\d+)$/, ",1e999");
    const c = await runAdapter("jhu-us-cases", { text: `${header}\n${lines[1]}\n${bad}\n${lines[3]}\n` });
    expect(reasons(c.quarantine)).toEqual([[3, expect.stringMatching(/^out-of-range value 1e999 for \d+\/\d+\/\d+: not a finite number up to 10000000000$/)]]);
    expect(c.regions.length).toBe(2);
    expect(Array.from(c.columns.cumCases!).every(Number.isFinite)).toBe(true);
    const early = `${header.replace(",1/22/20,", ",1/22/19,")}\n${lines[1]}\n`;
    await expect(runAdapter("jhu-us-cases", { text: early })).rejects.toBeInstanceOf(BadDateHeaderError);
  });

  test("ecdc-weekly: a week outside the window and a non-finite weekly count", async () => {
    const header = "country,country_code,continent,population,indicator,weekly_count,year_week,rate_14_day,cumulative_count,source";
    const text = `${[
      header,
      "Austria,AUT,Europe,8901064,cases,10,2020-10,1,12,x",
      "Austria,AUT,Europe,8901064,cases,10,2010-10,1,12,x",
      "Austria,AUT,Europe,8901064,cases,-1e999,2020-11,1,12,x",
    ].join("\n")}\n`;
    const c = await runAdapter("ecdc-weekly", { text });
    expect(reasons(c.quarantine)).toEqual([
      [3, `bad date: year_week 2010-03-14 is outside the date window 2019-12-01 … ${c.quarantine[0].reason.slice(-10)}`],
      [4, "out-of-range value -1e999 for weekly_count: not a finite number within ±10000000000"],
    ]);
    expect(valueAt(c.columns, "newCases", 40, dayOfIso("2020-03-08"))).toBe(10);
  });

  test("oi-mobility: a date outside the window and a non-finite value", async () => {
    const header = "year,month,day,statefips,gps_retail_and_recreation,gps_grocery_and_pharmacy,gps_parks,gps_transit_stations,gps_workplaces,gps_residential,gps_away_from_home";
    const text = `${[header, "2020,3,1,1,0,0,0,0,0,0,0", "1999,3,1,1,0,0,0,0,0,0,0", "2020,3,2,1,1e999,0,0,0,0,0,0"].join("\n")}\n`;
    const c = await runAdapter("oi-mobility-state", { text });
    expect(c.quarantine.map((q) => [q.line, q.reason.split(" ").slice(0, 3).join(" ")])).toEqual([
      [3, "bad date: year/month/day"],
      [4, "out-of-range value 1e999"],
    ]);
    expect(c.mobility.regionId.length).toBe(1);
  });

  test("covidhub-hosp: a week outside the window and a non-finite value", async () => {
    const text = `${["state,date,value,location", "AL,2025-12-20,92,01", "AL,1900-12-22,5,01", "AL,2025-12-13,1e999,01"].join("\n")}\n`;
    const r = await runWeeklyAdapter("covidhub-hosp", { text }, { publishedDay: dayOfIso("2025-12-24") });
    expect(r.quarantine.map((q) => [q.line, q.reason.split(":")[0]])).toEqual([
      [3, "bad date"],
      [4, "out-of-range value 1e999 for value"],
    ]);
    expect(Array.from(r.byMetric["hosp-admissions"]!.value)).toEqual([92]);
  });
});

describe("parquet cells", () => {
  test("numberCell refuses Infinity and values above 10^10; dayCell refuses days outside the window", () => {
    expect(numberCell(12.5, "x")).toBe(12.5);
    expect(Number.isNaN(numberCell(null, "x"))).toBe(true);
    expect(() => numberCell(Number.POSITIVE_INFINITY, "x")).toThrow(RowRejected);
    expect(() => numberCell(1e300, "x")).toThrow(/out-of-range value/);
    expect(() => numberCell(10n ** 20n, "x")).toThrow(/out-of-range value/);
    expect(dayCell(dayOfIso("2021-01-02"), "week")).toBe(dayOfIso("2021-01-02"));
    expect(() => dayCell(-719162, "week")).toThrow(/outside the date window/);
    expect(() => dayCell(new Date("0000-01-01T00:00:00Z"), "week")).toThrow(/outside the date window/);
    expect(() => dayCell("2100-01-01", "week")).toThrow(/outside the date window/);
  });
});
