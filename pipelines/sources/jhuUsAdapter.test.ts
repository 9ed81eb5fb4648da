import { expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { BadDateHeaderError, EmptySourceError, MissingColumnError, PipelineOptionError } from "../errors.ts";
import { CONFIRMED_US, DEATHS_US, readLines, runAdapter, type Collected } from "../testSupport.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { needsSharedData } from "../../testenv/sharedDataGate.ts";

const DATES = 344;
const COUNTIES = 3340;

/** Index of (regionId, day) in gathered columns, or -1. */
function indexOf(c: Collected, regionId: number, day: number): number {
  for (let i = 0; i < c.columns.regionId.length; i++) {
    if (c.columns.regionId[i] === regionId && c.columns.day[i] === day) return i;
  }
  return -1;
}

/** Cumulative values of a region straight from the CSV text: the date columns are the trailing fields. */
function rawSeries(lines: string[], uid: number): number[] {
  const line = lines.find((l) => l.startsWith(`${uid},`));
  if (!line) throw new Error(`no line for ${uid}`);
  return line.split(",").slice(-DATES).map(Number);
}

const data = needsSharedData(CONFIRMED_US, DEATHS_US);

data.describe("jhu-us-cases on the real confirmed_US file", async () => {
  const lines = readLines(CONFIRMED_US);
  const headerDates = lines[0].split(",").slice(-DATES);
  const c = await runAdapter("jhu-us-cases", { file: CONFIRMED_US });

  test("every county row becomes a region and every day a region-day", () => {
    expect(c.quarantine).toEqual([]);
    expect(c.regions.length).toBe(COUNTIES);
    expect(c.columns.regionId.length).toBe(COUNTIES * DATES);
    expect(c.columns.cumCases!.length).toBe(COUNTIES * DATES);
    expect(c.columns.newCases!.length).toBe(COUNTIES * DATES);
    expect(c.columns.cumDeaths).toBeUndefined();
    expect(c.bytesRead).toBe(readFileSync(CONFIRMED_US).length);
  });

  test("spot values match the CSV text", () => {
    const spots: [number, string][] = [
      [84036061, "12/30/20"], // New York County
      [84006037, "7/4/20"], // Los Angeles
      [84017031, "4/15/20"], // Cook
      [84001001, "12/30/20"], // Autauga
    ];
    for (const [uid, date] of spots) {
      const series = rawSeries(lines, uid);
      const j = headerDates.indexOf(date);
      const [m, d, y] = date.split("/").map(Number);
      const i = indexOf(c, uid, dayOfIso(`20${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(c.columns.cumCases![i]).toBe(series[j]);
      expect(c.columns.newCases![i]).toBe(series[j] - series[j - 1]);
    }
    // Real magnitudes, so a column shift cannot pass by accident.
    expect(c.columns.cumCases![indexOf(c, 84006037, dayOfIso("2020-12-30"))]).toBeGreaterThan(700_000);
  });

  test("the first date's new value is unknown (NaN) and days are UTC day numbers", () => {
    const i = indexOf(c, 84036061, dayOfIso("2020-01-22"));
    expect(Number.isNaN(c.columns.newCases![i])).toBe(true);
    expect(c.columns.day[i]).toBe(18283);
  });

  test("regions: county parent by state, territories and unplaced rows", () => {
    const byId = new Map(c.regions.map((r) => [r.id, r]));
    expect(byId.get(84036061)).toEqual({
      id: 84036061,
      name: "New York",
      level: "county",
      parentId: 84000036,
      fips: "36061",
      iso2: "US",
      iso3: "USA",
      lat: expect.any(Number),
      lon: expect.any(Number),
      population: null,
    });
    expect(byId.get(84001001)!.fips).toBe("01001");
    const outOfNy = byId.get(84080036)!;
    expect([outOfNy.name, outOfNy.parentId, outOfNy.lat, outOfNy.lon]).toEqual(["Out of NY", 84000036, null, null]);
    expect(byId.get(84090036)!.parentId).toBe(84000036);
    expect(byId.get(63072127)!.parentId).toBe(630); // San Juan, Puerto Rico
    expect(byId.get(84070002)!.parentId).toBe(84000025); // Dukes and Nantucket: no FIPS
    const guam = byId.get(316)!;
    expect([guam.level, guam.parentId, guam.name]).toEqual(["state", 840, "Guam"]);
  });
});

data.describe("jhu-us-deaths on the real deaths_US file", async () => {
  const lines = readLines(DEATHS_US);
  const c = await runAdapter("jhu-us-deaths", { file: DEATHS_US });

  test("population comes from the Population column and deaths columns are set", () => {
    expect(c.quarantine).toEqual([]);
    expect(c.regions.length).toBe(COUNTIES);
    expect(c.columns.cumDeaths!.length).toBe(COUNTIES * DATES);
    expect(c.columns.cumCases).toBeUndefined();
    const byId = new Map(c.regions.map((r) => [r.id, r]));
    expect(byId.get(84001001)!.population).toBe(55869);
    const nyLine = lines.find((l) => l.startsWith("84036061,"))!;
    const popField = nyLine.split(",").slice(-DATES - 1)[0];
    expect(byId.get(84036061)!.population).toBe(Number(popField));
    const series = rawSeries(lines, 84036061);
    expect(c.columns.cumDeaths![indexOf(c, 84036061, dayOfIso("2020-12-30"))]).toBe(series[DATES - 1]);
  });
});

data.describe("gzip and plain input", () => {
  test("give identical output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "covid-mesh-us-"));
    try {
      const plain = join(dir, "confirmed.csv");
      writeFileSync(plain, gunzipSync(readFileSync(CONFIRMED_US)));
      const a = await runAdapter("jhu-us-cases", { file: CONFIRMED_US });
      const b = await runAdapter("jhu-us-cases", { file: plain });
      expect(b.regions).toEqual(a.regions);
      for (const name of ["regionId", "day", "cumCases", "newCases"] as const) {
        const x = a.columns[name]!;
        const y = b.columns[name]!;
        expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(x.buffer, x.byteOffset, x.byteLength))).toBe(true);
      }
      expect(b.bytesRead).toBeGreaterThan(a.bytesRead);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

data.describe("injected faults", async () => {
  const real = readLines(CONFIRMED_US).slice(0, 21); // header + 20 real rows
  const header = real[0];
  const good = real.slice(1);
  const fields = (l: string) => l.split(",");
  const bad = {
    shortRow: fields(good[0]).slice(0, -1).join(","),
    nonNumeric: good[1].replace(/,(\d+)$/, ",abc"),
    negative: good[2].replace(/,(\d+)$/, ",-4"),
    fractionalUid: good[3].replace(/^(\d+),/, "$1.5,"),
    missingUid: good[4].replace(/^\d+,/, ","),
    duplicateUid: good[5],
  };
  // Build: header, good[5..14] interleaved with faults, duplicated header, and a cut last line.
  const body = [
    good[5],
    bad.shortRow,
    good[6],
    bad.nonNumeric,
    good[7],
    header,
    good[8],
    bad.negative,
    good[9],
    bad.fractionalUid,
    good[10],
    bad.missingUid,
    bad.duplicateUid,
    good[11],
    good[12],
  ];
  const truncated = good[13].slice(0, Math.floor(good[13].length / 2));
  const text = `${header}\n${body.join("\n")}\n${truncated}`;
  const c = await runAdapter("jhu-us-cases", { text });
  const reasonAt = (line: number) => c.quarantine.find((q) => q.line === line)?.reason;

  test("each bad row is quarantined with its reason, line and raw text", () => {
    expect(c.quarantine.length).toBe(8);
    expect(reasonAt(3)).toMatch(/^wrong column count: 354 fields, the header has 355/);
    expect(reasonAt(5)).toMatch(/^non-numeric cumulative value "abc" for 12\/30\/20/);
    expect(reasonAt(7)).toBe("duplicated header line");
    expect(reasonAt(9)).toMatch(/^negative cumulative value -4/);
    expect(reasonAt(11)).toMatch(/^UID "\d+\.5" is not a non-negative integer/);
    expect(reasonAt(13)).toBe("missing UID");
    expect(reasonAt(14)).toMatch(/^duplicate UID \d+ \(first seen on line 2\)/);
    expect(reasonAt(17)).toMatch(/^truncated last line/);
    expect(c.quarantine.find((q) => q.line === 9)!.raw).toBe(bad.negative);
    expect(c.quarantine.find((q) => q.line === 17)!.raw).toBe(truncated);
  });

  test("every good row lands in full", () => {
    const goodIds = [5, 6, 7, 8, 9, 10, 11, 12].map((k) => Number(fields(good[k])[0]));
    expect(c.regions.map((r) => r.id)).toEqual(goodIds);
    expect(c.columns.regionId.length).toBe(goodIds.length * DATES);
    const last = fields(good[12]).slice(-DATES).map(Number);
    expect(Array.from(c.columns.cumCases!.slice(-DATES))).toEqual(last);
  });

  test("an unterminated quote on the last line is a row error, not a crash", async () => {
    const cut = good[14].slice(0, good[14].indexOf('"') + 5);
    const r = await runAdapter("jhu-us-cases", { text: `${header}\n${good[13]}\n${cut}` });
    expect(r.regions.length).toBe(1);
    expect(r.quarantine).toEqual([{ line: 3, raw: cut, reason: "truncated last line: unterminated quoted field" }]);
  });
});

data.describe("batching and fatal header errors", async () => {
  const lines = readLines(CONFIRMED_US).slice(0, 41);
  const text = `${lines.join("\n")}\n`;

  test("observation events never exceed batchValues and follow their regions", async () => {
    const c = await runAdapter("jhu-us-cases", { text }, 1000);
    const announced = new Set<number>();
    let total = 0;
    for (const ev of c.events) {
      if (ev.kind === "regions") ev.regions.forEach((r) => announced.add(r.id));
      if (ev.kind !== "observations") continue;
      expect(ev.columns.regionId.length).toBeLessThanOrEqual(1000);
      for (const id of ev.columns.regionId) expect(announced.has(id)).toBe(true);
      total += ev.columns.regionId.length;
    }
    expect(total).toBe(40 * DATES);
  });

  test("a bad date in the header is fatal", async () => {
    const badHeader = text.replace(",3/1/20,", ",3/32/20,");
    await expect(runAdapter("jhu-us-cases", { text: badHeader })).rejects.toBeInstanceOf(BadDateHeaderError);
    const repeated = text.replace(",3/2/20,", ",3/1/20,");
    await expect(runAdapter("jhu-us-cases", { text: repeated })).rejects.toThrow(/does not come after/);
  });

  test("missing columns, an empty file and a bad batch size are named errors", async () => {
    await expect(runAdapter("jhu-us-cases", { text: text.replace("Province_State", "State") })).rejects.toBeInstanceOf(MissingColumnError);
    await expect(runAdapter("jhu-us-deaths", { text })).rejects.toThrow(/Population/);
    await expect(runAdapter("jhu-us-cases", { text: "" })).rejects.toBeInstanceOf(EmptySourceError);
    await expect(runAdapter("jhu-us-cases", { text }, 0)).rejects.toBeInstanceOf(PipelineOptionError);
  });

  test("a gap between date columns makes that day's new value unknown", async () => {
    // Date columns are the trailing fields, so the one to drop sits at the same distance from the end.
    const fromEnd = DATES - lines[0].split(",").slice(-DATES).indexOf("3/10/20");
    const plain = `${lines
      .map((l) => {
        const f = l.split(",");
        f.splice(f.length - fromEnd, 1);
        return f.join(",");
      })
      .join("\n")}\n`;
    const c = await runAdapter("jhu-us-cases", { text: plain });
    const i = c.columns.day.indexOf(dayOfIso("2020-03-11"));
    expect(i).toBeGreaterThan(0);
    expect(Number.isNaN(c.columns.newCases![i])).toBe(true);
    expect(Number.isNaN(c.columns.newCases![i + 1])).toBe(false);
  });
});
