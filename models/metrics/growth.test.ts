import { describe, expect, test } from "bun:test";
import { doublingTime, weeklyGrowthRate } from "./growth.ts";

describe("growth rate and doubling time", () => {
  test("weekly doubling → ln 2 / 7 per day and a 7-day doubling time", () => {
    const sum7 = Float64Array.from({ length: 21 }, (_, t) => 100 * 2 ** (t / 7));
    const g = weeklyGrowthRate(sum7);
    expect(Number.isNaN(g[6])).toBe(true);
    expect(g[7]).toBeCloseTo(Math.LN2 / 7, 12);
    expect(doublingTime(g)[20]).toBeCloseTo(7, 9);
  });

  test("halving: negative growth, doubling time Infinity; flat: 0 and Infinity", () => {
    const halving = Float64Array.from({ length: 8 }, (_, t) => (t === 7 ? 50 : 100));
    const g = weeklyGrowthRate(halving);
    expect(g[7]).toBeCloseTo(-Math.LN2 / 7, 12);
    expect(doublingTime(g)[7]).toBe(Number.POSITIVE_INFINITY);
    const flat = weeklyGrowthRate(new Float64Array(8).fill(10));
    expect(flat[7]).toBe(0);
    expect(doublingTime(flat)[7]).toBe(Number.POSITIVE_INFINITY);
  });

  test("an empty or unknown week gives NaN growth and NaN doubling time", () => {
    const g = weeklyGrowthRate(Float64Array.of(0, 5, 5, 5, 5, 5, 5, 10, 10));
    expect(Number.isNaN(g[7])).toBe(true); // previous week empty
    expect(g[8]).toBeCloseTo(Math.log(2) / 7, 12);
    expect(Number.isNaN(weeklyGrowthRate(Float64Array.of(1, 1, 1, 1, 1, 1, 1, 5, Number.NaN))[8])).toBe(true);
    expect(Number.isNaN(doublingTime(Float64Array.of(Number.NaN))[0])).toBe(true);
  });
});
