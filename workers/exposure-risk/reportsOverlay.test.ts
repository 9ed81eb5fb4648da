import { describe, expect, test } from "bun:test";
import type { RegionRecord } from "../../sql/mod.ts";
import { createSnapshotMemo } from "./memo.ts";
import { overlayReports } from "./reportsOverlay.ts";
import type { Snapshot } from "./snapshotTypes.ts";

const region = (id: number): RegionRecord => ({ id, name: `r${id}`, level: "county", parentId: null, fips: null, iso2: null, iso3: null, lat: 1, lon: 1, population: 1000 });
const base = (): Snapshot => ({
  datasets: ["jhu-us"],
  builtAt: "2024-01-01T00:00:00.000Z",
  series: new Map([[1, { region: region(1), dataset: "jhu-us", firstDay: 100, cumCases: new Float64Array([10, 20, 30]), cumDeaths: new Float64Array([1, 1, 2]) }]]),
  regions: new Map([
    [1, region(1)],
    [2, region(2)],
  ]),
  locator: {} as Snapshot["locator"],
  lastDay: 102,
  memo: createSnapshotMemo(),
});
const cols = (rows: Array<[number, number, number, number]>) => ({
  regionId: Int32Array.from(rows.map((r) => r[0])),
  day: Int32Array.from(rows.map((r) => r[1])),
  cumCases: Float64Array.from(rows.map((r) => r[2])),
  cumDeaths: Float64Array.from(rows.map((r) => r[3])),
});

describe("reports overlay", () => {
  test("a report extends a region's series and revises a past day; absent figures keep the publisher's", () => {
    const b = base();
    const s = overlayReports(
      b,
      cols([
        [1, 101, 25, NaN],
        [1, 104, 50, 3],
      ]),
    );
    const r = s.series.get(1)!;
    expect(r.firstDay).toBe(100);
    expect([...r.cumCases]).toEqual([10, 25, 30, NaN, 50]);
    expect([...r.cumDeaths]).toEqual([1, 1, 2, NaN, 3]);
    expect(r.dataset).toBe("jhu-us+reports");
    expect(s.lastDay).toBe(104);
    // The base snapshot is untouched, so the next overlay starts from the publisher's data.
    expect([...b.series.get(1)!.cumCases]).toEqual([10, 20, 30]);
    expect(s.memo).not.toBe(b.memo);
  });

  test("a region only reports cover gets a reports-only series; unknown regions are ignored", () => {
    const s = overlayReports(
      base(),
      cols([
        [2, 103, 7, 0],
        [9, 103, 7, 0],
      ]),
    );
    expect(s.series.get(2)!.dataset).toBe("reports");
    expect(s.series.has(9)).toBe(false);
  });

  test("no reports: the base snapshot as is", () => {
    const b = base();
    expect(overlayReports(b, cols([]))).toBe(b);
  });
});
