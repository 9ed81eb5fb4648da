import { expect, test } from "bun:test";
import { MissingColumnError } from "../errors.ts";
import { LOOKUP, readLines, runAdapter } from "../testSupport.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const data = needsSharedData(LOOKUP);

data.describe("jhu-lookup on the real lookup table", async () => {
  const lines = readLines(LOOKUP);
  const c = await runAdapter("jhu-lookup", { file: LOOKUP });
  const byId = new Map(c.regions.map((r) => [r.id, r]));

  test("every row becomes a region, in batches of at most 1000", () => {
    expect(c.quarantine).toEqual([]);
    expect(c.regions.length).toBe(lines.length - 1);
    expect(c.regions.length).toBe(4316);
    for (const ev of c.events) if (ev.kind === "regions") expect(ev.regions.length).toBeLessThanOrEqual(1000);
  });

  test("New York County → New York State → US", () => {
    const county = byId.get(84036061)!;
    expect(county).toMatchObject({ name: "New York", level: "county", parentId: 84000036, fips: "36061", iso3: "USA" });
    expect(county.population).toBe(1628706);
    const state = byId.get(84000036)!;
    expect(state).toMatchObject({ name: "New York", level: "state", parentId: 840, fips: "36" });
    const us = byId.get(840)!;
    expect(us).toMatchObject({ name: "US", level: "country", parentId: null, population: 329466283, lat: 40, lon: -100 });
  });

  test("a Canadian province and a country", () => {
    expect(byId.get(12408)).toMatchObject({ name: "Ontario", level: "state", parentId: 124, iso2: "CA", population: 14826276 });
    expect(byId.get(124)).toMatchObject({ name: "Canada", level: "country", parentId: null });
    expect(byId.get(250)).toMatchObject({ name: "France", level: "country", parentId: null, iso3: "FRA", population: 65249843 });
    expect(byId.get(254)).toMatchObject({ name: "French Guiana", level: "state", parentId: 250 });
  });

  test("counties whose FIPS does not name the state are parented by name", () => {
    expect(byId.get(84080036)!.parentId).toBe(84000036); // Out of NY
    expect(byId.get(63072127)!.parentId).toBe(630); // San Juan, Puerto Rico
    expect(byId.get(84070003)!.parentId).toBe(84000029); // Kansas City, no FIPS
    expect(byId.get(84080036)!.lat).toBeNull();
  });

  test("values match the CSV text", () => {
    const ontario = lines.find((l) => l.startsWith("12408,"))!.split(",");
    expect(byId.get(12408)!.lat).toBe(Number(ontario[8]));
    expect(byId.get(12408)!.lon).toBe(Number(ontario[9]));
  });
});

data.describe("jhu-lookup quarantine", async () => {
  const lines = readLines(LOOKUP);
  const header = lines[0];
  const rows = lines.slice(1, 11);
  const text = [
    header,
    ...rows.slice(0, 3),
    rows[3].replace(/,(\d+)$/, ",lots"), // non-numeric population
    header, // duplicated header
    `${rows[4]},extra`, // wrong column count
    rows[5].replace(/^\d+,/, "abc,"), // non-integer UID
    ...rows.slice(6, 9),
    rows[9].slice(0, 10), // truncated last line
  ].join("\n");
  const c = await runAdapter("jhu-lookup", { text });

  test("bad rows are quarantined with reasons; good rows land", () => {
    expect(c.quarantine.map((q) => [q.line, q.reason.split(":")[0].split(" ").slice(0, 2).join(" ")])).toEqual([
      [5, 'Population "lots"'],
      [6, "duplicated header"],
      [7, "wrong column"],
      [8, 'UID "abc"'],
      [12, "truncated last"],
    ]);
    expect(c.regions.length).toBe(6);
  });

  test("a header without Population is rejected as a whole", async () => {
    const noPop = lines
      .slice(0, 3)
      .map((l) => l.slice(0, l.lastIndexOf(",")))
      .join("\n");
    await expect(runAdapter("jhu-lookup", { text: `${noPop}\n` })).rejects.toBeInstanceOf(MissingColumnError);
  });
});
