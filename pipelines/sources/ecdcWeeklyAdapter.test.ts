import { expect, test } from "bun:test";
import { runAdapter, SHARED, valueAt } from "../testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const ECDC = `${SHARED}/ecdc/notification.csv.gz`;

const data = needsSharedData(ECDC);

data.describe("ecdc-weekly on the real notification file", async () => {
  const c = await runAdapter("ecdc-weekly", { file: ECDC });

  test("country rows become weekly region-days; continental aggregates are skipped and counted", () => {
    expect(c.quarantine).toEqual([]);
    expect(c.skipped).toEqual({ "continental aggregate row (no country code)": 612 });
    expect(c.columns.regionId.length).toBe(18_896 - 612);
    expect(new Set(c.columns.regionId).size).toBe(213);
  });

  test("a week is stored on its closing Sunday: weekly count as new, ECDC's cumulative as cumulative", () => {
    // Germany,DEU,…,cases,173574,2020-51,…,1510652 and deaths 4300 / 26275: week 51 ends Sunday 2020-12-20.
    const sunday = dayOfIso("2020-12-20");
    expect(valueAt(c.columns, "newCases", 276, sunday)).toBe(173574);
    expect(valueAt(c.columns, "cumCases", 276, sunday)).toBe(1510652);
    expect(valueAt(c.columns, "newDeaths", 276, sunday)).toBe(4300);
    expect(valueAt(c.columns, "cumDeaths", 276, sunday)).toBe(26275);
    expect(valueAt(c.columns, "cumCases", 383, sunday)).toBeGreaterThan(0); // Kosovo: ECDC's RKS is JHU's XKS
  });
});

test("ecdc-weekly faults are quarantined with reasons; a BOM before the header is fine", async () => {
  const header = "\ufeffcountry,country_code,continent,population,indicator,weekly_count,year_week,rate_14_day,cumulative_count,source";
  const text = `${[
    header,
    "Austria,AUT,Europe,8901064,cases,10,2020-10,1,12,x",
    "Austria,AUT,Europe,8901064,cases,11,2020-60,1,23,x",
    "Austria,AUT,Europe,8901064,cases,1x,2020-11,1,23,x",
    "Atlantis,ATL,Europe,1,cases,1,2020-11,1,1,x",
    "Austria,AUT,Europe,8901064,tests,1,2020-11,1,1,x",
    "Europe (total),,Europe,1,cases,1,2020-11,1,1,x",
    "Austria,AUT,Europe,8901064,deaths,1,2020-11,1,2,x",
  ].join("\r\n")}\r\n`;
  const c = await runAdapter("ecdc-weekly", { text });
  expect(c.quarantine.map((q) => [q.line, q.reason.split(":")[0]])).toEqual([
    [3, "bad date"],
    [4, 'non-numeric value "1x" for weekly_count'],
    [5, "unknown region code"],
    [6, 'unknown indicator "tests" (expected cases or deaths)'],
  ]);
  expect(c.skipped).toEqual({ "continental aggregate row (no country code)": 1 });
  expect(valueAt(c.columns, "newCases", 40, dayOfIso("2020-03-08"))).toBe(10);
  expect(valueAt(c.columns, "cumDeaths", 40, dayOfIso("2020-03-15"))).toBe(2);
});
