import { describe, expect, test } from "bun:test";
import { ModelInputError } from "./errors.ts";
import { casesInLastDays, casesInLastDaysByRegion, dailyNew, dailyNewByRegion, per100k, rollingMean7, rollingMean7ByRegion } from "./incidence.ts";

const f64 = (xs: number[]) => Float64Array.from(xs);
const arr = (a: Float64Array) => Array.from(a);

describe("single-region incidence", () => {
  test("dailyNew", () => {
    expect(arr(dailyNew(f64([5, 7, 7, 12, 10])))).toEqual([NaN, 2, 0, 5, -2]);
    expect(dailyNew(f64([])).length).toBe(0);
  });

  test("rollingMean7: NaN until 7 values, then the trailing mean", () => {
    const m = rollingMean7(f64([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(arr(m.subarray(0, 6)).every(Number.isNaN)).toBe(true);
    expect(m[6]).toBe(4);
    expect(m[7]).toBe(5);
    expect(m[8]).toBe(6);
    const withGap = rollingMean7(f64([NaN, 1, 1, 1, 1, 1, 1, 1]));
    expect(Number.isNaN(withGap[6])).toBe(true);
    expect(withGap[7]).toBe(1);
  });

  test("per100k", () => {
    expect(per100k(50, 1_000_000)).toBe(5);
    expect(Number.isNaN(per100k(50, null))).toBe(true);
    expect(Number.isNaN(per100k(50, 0))).toBe(true);
  });

  test("casesInLastDays", () => {
    const cum = f64([0, 10, 30, 60, NaN, 150]);
    expect(casesInLastDays(cum, 3, 2)).toBe(50);
    expect(Number.isNaN(casesInLastDays(cum, 1, 2))).toBe(true);
    expect(Number.isNaN(casesInLastDays(cum, 6, 1))).toBe(true);
    expect(Number.isNaN(casesInLastDays(cum, 5, 1))).toBe(true);
    expect(() => casesInLastDays(cum, 3, 0)).toThrow(ModelInputError);
  });
});

describe("column-wise incidence over (regionId, day)", () => {
  // Region 1: days 10–18 dense; region 2: days 10, 11, 13 (gap at 12).
  const regionId = Int32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
  const day = Int32Array.from([10, 11, 12, 13, 14, 15, 16, 17, 18, 10, 11, 13]);
  const cum = f64([0, 1, 3, 6, 10, 15, 21, 28, 36, 100, 110, 130]);

  test("dailyNewByRegion does not cross regions or gaps", () => {
    expect(arr(dailyNewByRegion(regionId, day, cum))).toEqual([NaN, 1, 2, 3, 4, 5, 6, 7, 8, NaN, 10, NaN]);
  });

  test("rollingMean7ByRegion needs 7 consecutive days", () => {
    const fresh = dailyNewByRegion(regionId, day, cum);
    const m = rollingMean7ByRegion(regionId, day, fresh);
    expect(Number.isNaN(m[6])).toBe(true); // window includes the unknown first day
    expect(m[7]).toBe(4); // mean of 1..7
    expect(m[8]).toBe(5);
    expect(arr(m.subarray(9)).every(Number.isNaN)).toBe(true);
  });

  test("casesInLastDaysByRegion matches the single-region version and handles gaps", () => {
    const d = casesInLastDaysByRegion(regionId, day, cum, 3);
    for (let t = 3; t < 9; t++) expect(d[t]).toBe(casesInLastDays(cum.subarray(0, 9), t, 3));
    expect(d[11]).toBe(30); // day 13 − day 10 of region 2
    expect(Number.isNaN(d[10])).toBe(true);
    expect(() => casesInLastDaysByRegion(regionId, day, f64([1]), 3)).toThrow(ModelInputError);
  });
});
