import { describe, expect, test } from "bun:test";
import { BadDateHeaderError, MissingColumnError } from "../errors.ts";
import { readLines, runAdapter, SHARED, valueAt } from "../testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const CONFIRMED = `${SHARED}/jhu_csse/time_series_covid19_confirmed_global.csv.gz`;
const DEATHS = `${SHARED}/jhu_csse/time_series_covid19_deaths_global.csv.gz`;
const DAYS = 891; // 1/22/20 … 6/30/22

const data = needsSharedData(CONFIRMED, DEATHS);

data.describe("jhu-global-cases on the real confirmed_global file", async () => {
  const c = await runAdapter("jhu-global-cases", { file: CONFIRMED });
  const lines = readLines(CONFIRMED);

  test("every row is matched to a JHU UID by its names, except Canada's repatriated travellers", () => {
    expect(c.regions.length).toBe(288);
    expect(c.columns.regionId.length).toBe(288 * DAYS);
    expect(c.columns.cumDeaths).toBeUndefined();
    expect(c.quarantine).toHaveLength(1);
    expect(c.quarantine[0].reason).toContain("unknown region");
    expect(c.quarantine[0].raw).toStartWith("Repatriated Travellers,Canada,");
    expect(lines[c.quarantine[0].line - 1]).toBe(c.quarantine[0].raw);
  });

  test("values, daily differences and regions match the file and the registry", () => {
    const germany = lines
      .find((l) => l.startsWith(",Germany,"))!
      .split(",")
      .slice(4)
      .map(Number);
    expect(valueAt(c.columns, "cumCases", 276, dayOfIso("2022-06-30"))).toBe(germany[DAYS - 1]);
    expect(valueAt(c.columns, "newCases", 276, dayOfIso("2022-06-30"))).toBe(germany[DAYS - 1] - germany[DAYS - 2]);
    expect(Number.isNaN(valueAt(c.columns, "newCases", 276, dayOfIso("2020-01-22"))!)).toBe(true);
    expect(valueAt(c.columns, "cumCases", 15613, dayOfIso("2020-01-22"))).toBe(444); // Hubei, China
    expect(c.regions.find((r) => r.id === 15613)).toMatchObject({ name: "Hubei", level: "state", parentId: 156, iso3: "CHN", lat: 30.9756 });
    expect(c.regions.find((r) => r.id === 276)).toMatchObject({ name: "Germany", level: "country", parentId: null, population: 83155031 });
    // Added by JHU after the bundled lookup snapshot: its ISO numeric code (jhuRegistrySupplement.ts).
    expect(c.regions.find((r) => r.id === 408)).toMatchObject({ name: "Korea, North", level: "country", iso3: "PRK" });
  });

  test("the deaths file carries deaths only", async () => {
    const d = await runAdapter("jhu-global-deaths", { file: DEATHS });
    expect(d.columns.cumCases).toBeUndefined();
    expect(d.columns.regionId.length).toBe(288 * DAYS);
    expect(valueAt(d.columns, "cumDeaths", 15613, dayOfIso("2020-03-01"))).toBeGreaterThan(2000);
  });
});

describe("jhu-global faults", () => {
  const header = "Province/State,Country/Region,Lat,Long,1/22/20,1/23/20";
  test("bad rows are quarantined with their reason and the good rows land", async () => {
    const text = [
      header,
      ",Germany,51.1,10.4,1,2",
      ",France,46.2,2.2,1", // wrong column count
      ",Italy,41.8,12.5,1,x", // non-numeric
      ",Atlantis,0,0,1,2", // unknown region
      header, // duplicated header
      ",Germany,51.1,10.4,3,4", // duplicate region
      ",Spain,40.4,-3.7,5,-6", // negative cumulative
      ",Austria,47.5,14.5,7,8", // fine
      ",Belgium,50.5,4.4,9,1", // truncated last line (no newline)
    ].join("\n");
    const c = await runAdapter("jhu-global-cases", { text });
    expect(c.quarantine.map((q) => [q.line, q.reason.split(":")[0].split(" (")[0]])).toEqual([
      [3, "wrong column count"],
      [4, 'non-numeric cumulative value "x" for 1/23/20'],
      [5, "unknown region"],
      [6, "duplicated header line"],
      [7, "duplicate region 276"],
      [8, "negative cumulative value -6 for 1/23/20"],
      [10, "truncated last line"],
    ]);
    expect([...new Set(c.columns.regionId)]).toEqual([276, 40]);
    expect(valueAt(c.columns, "newCases", 40, dayOfIso("2020-01-23"))).toBe(1);
  });

  test("a header without the name columns or with a bad date fails the whole file", async () => {
    await expect(runAdapter("jhu-global-cases", { text: "Country,1/22/20\nX,1\n" })).rejects.toBeInstanceOf(MissingColumnError);
    await expect(runAdapter("jhu-global-cases", { text: `${header},13/1/20\n` })).rejects.toBeInstanceOf(BadDateHeaderError);
  });
});
