import { describe, expect, test } from "bun:test";
import { MissingColumnError } from "../errors.ts";
import { readLines, runAdapter, SHARED, valueAt } from "../testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { NYT_JOPLIN, NYT_KANSAS_CITY, NYT_NEW_YORK_CITY } from "./nytGeographies.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const STATES = `${SHARED}/nyt/us-states.csv.gz`;

const data = needsSharedData(STATES);

data.describe("nyt-us-states on the real us-states file", async () => {
  const c = await runAdapter("nyt-us-states", { file: STATES });
  const lines = readLines(STATES);

  test("every row is a region-day with cases and deaths, keyed by the state's JHU UID", () => {
    expect(c.quarantine).toEqual([]);
    expect(c.columns.regionId.length).toBe(lines.length - 1);
    expect(new Set(c.columns.regionId).size).toBe(56);
    expect(c.regions).toEqual([]); // states are in the registry already
    expect(valueAt(c.columns, "cumCases", 84000036, dayOfIso("2020-12-30"))).toBe(963647);
    expect(valueAt(c.columns, "cumDeaths", 84000036, dayOfIso("2020-12-30"))).toBe(37412);
    expect(valueAt(c.columns, "cumCases", 84000006, dayOfIso("2020-12-30"))).toBe(2275565);
    // Territories keep their ISO numeric UIDs, as in the JHU lookup: Puerto Rico is 630.
    expect(valueAt(c.columns, "cumCases", 630, dayOfIso("2022-06-30"))).toBeGreaterThan(0);
  });

  test("new = today − the previous day of the same state; unknown on a state's first day", () => {
    const ny = lines.filter((l) => /^\d{4}-\d\d-\d\d,New York,36,/.test(l)).map((l) => l.split(","));
    const i = ny.findIndex((f) => f[0] === "2020-12-30");
    expect(valueAt(c.columns, "newCases", 84000036, dayOfIso("2020-12-30"))).toBe(Number(ny[i][3]) - Number(ny[i - 1][3]));
    expect(valueAt(c.columns, "newDeaths", 84000036, dayOfIso("2020-12-30"))).toBe(Number(ny[i][4]) - Number(ny[i - 1][4]));
    expect(Number.isNaN(valueAt(c.columns, "newCases", 84000053, dayOfIso("2020-01-21"))!)).toBe(true);
  });
});

describe("nyt-us-counties (rows in NYT's format)", () => {
  const header = "date,county,state,fips,cases,deaths";
  const text = `${[
    header,
    "2020-03-01,Snohomish,Washington,53061,1,0",
    "2020-03-01,New York City,New York,,1,0",
    "2020-03-02,New York City,New York,,3,0",
    "2020-03-02,Kansas City,Missouri,,2,0",
    "2020-03-02,Joplin,Missouri,,1,",
    "2020-03-02,Unknown,Rhode Island,,4,1",
    "2020-03-02,Unknown,Puerto Rico,,2,0",
    "2020-03-02,Adjuntas,Puerto Rico,72001,5,0",
    "2020-03-02,Nowhere,Washington,,1,0",
    "2020-03-02,Snohomish,Washington,99999,1,0",
    "2020-03-32,Snohomish,Washington,53061,1,0",
    "2020-03-02,Snohomish,Washington,53061,2,1",
  ].join("\n")}\n`;

  test("NYT's special geographies, unknown counties and FIPS codes map to registry regions", async () => {
    const c = await runAdapter("nyt-us-counties", { text });
    const d2 = dayOfIso("2020-03-02");
    expect(valueAt(c.columns, "cumCases", NYT_NEW_YORK_CITY.id, d2)).toBe(3);
    expect(valueAt(c.columns, "newCases", NYT_NEW_YORK_CITY.id, d2)).toBe(2);
    expect(valueAt(c.columns, "cumCases", NYT_KANSAS_CITY.id, d2)).toBe(2);
    expect(valueAt(c.columns, "cumCases", NYT_JOPLIN.id, d2)).toBe(1);
    expect(Number.isNaN(valueAt(c.columns, "cumDeaths", NYT_JOPLIN.id, d2)!)).toBe(true); // blank = unknown
    expect(valueAt(c.columns, "cumCases", 84090044, d2)).toBe(4); // JHU's "Unassigned, Rhode Island"
    expect(valueAt(c.columns, "cumCases", 63072999, d2)).toBe(2); // "Unassigned, Puerto Rico"
    expect(valueAt(c.columns, "cumCases", 63072001, d2)).toBe(5); // municipios under 630
    expect(valueAt(c.columns, "newCases", 84053061, d2)).toBe(1);
    expect(c.regions.map((r) => r.name).sort()).toEqual(["Joplin", "Kansas City", "New York City"]);
    expect(c.regions.find((r) => r.id === NYT_NEW_YORK_CITY.id)).toMatchObject({ level: "county", parentId: 84000036 });
    expect(c.quarantine.map((q) => [q.line, q.reason.split(":")[0]])).toEqual([
      [10, "unknown region"],
      [11, "unknown region code"],
      [12, "bad date"],
    ]);
  });

  test("a file missing a column is unusable as a whole", async () => {
    await expect(runAdapter("nyt-us-counties", { text: "date,state,fips,cases,deaths\n" })).rejects.toBeInstanceOf(MissingColumnError);
  });
});
