import { describe, expect, test } from "bun:test";
import { computeDailyMetrics } from "./dailyMetrics.ts";
import { ModelInputError } from "../errors.ts";

describe("computeDailyMetrics", () => {
  // new cases 1, 2, …, 14 except a correction on day 4 (cum falls from 6 to 5, then catches up).
  const cumCases = Float64Array.of(0, 1, 3, 6, 5, 15, 21, 28, 36, 45, 55, 66, 78, 91, 105);
  const cumDeaths = Float64Array.of(0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5);

  test("raw keeps the correction, rates use the clamped series", () => {
    const m = computeDailyMetrics(cumCases, cumDeaths, 200_000);
    expect(m.newCasesRaw[4]).toBe(-1);
    expect(m.newCases[4]).toBe(0);
    // Days 1–7 clamped: 1, 2, 3, 0, 10, 6, 7 → 29.
    expect(m.newCases7dAvg[7]).toBeCloseTo(29 / 7, 12);
    expect(m.caseDensity[7]).toBeCloseTo((29 / 7) * 0.5, 12);
    expect(m.weeklyCasesPer100k[7]).toBeCloseTo(29 * 0.5, 12);
    // Days 8–14: 8 … 14 → 77; previous week 29.
    expect(m.growthRate[14]).toBeCloseTo(Math.log(77 / 29) / 7, 12);
    expect(m.doublingTime[14]).toBeCloseTo((7 * Math.LN2) / Math.log(77 / 29), 9);
    expect(Number.isNaN(m.newCases7dAvg[6])).toBe(true);
  });

  test("deaths: 7-day average, cumulative and weekly per 100k", () => {
    const m = computeDailyMetrics(cumCases, cumDeaths, 200_000);
    expect(m.newDeaths7dAvg[14]).toBeCloseTo(3 / 7, 12);
    expect(m.deathsPer100k[14]).toBeCloseTo(2.5, 12);
    expect(m.weeklyDeathsPer100k[14]).toBeCloseTo(1.5, 12);
  });

  test("unknown population: per-100k columns NaN, the rest still computed", () => {
    const m = computeDailyMetrics(cumCases, cumDeaths, null);
    expect(Number.isNaN(m.caseDensity[10])).toBe(true);
    expect(Number.isNaN(m.deathsPer100k[10])).toBe(true);
    expect(m.newCases7dAvg[10]).toBeCloseTo((0 + 10 + 6 + 7 + 8 + 9 + 10) / 7, 12); // days 4–10
    expect(Number.isFinite(m.growthRate[14])).toBe(true);
  });

  test("cases and deaths of different lengths are rejected", () => {
    expect(() => computeDailyMetrics(cumCases, cumDeaths.subarray(1), 1)).toThrow(ModelInputError);
  });
});
