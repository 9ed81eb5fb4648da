import { describe, expect, test } from "bun:test";
import { cleanWeeklyToLog } from "./cleanWeekly.ts";

const back = (z: Float64Array) => Array.from(z, (v) => Math.round(Math.expm1(v) * 1000) / 1000);

describe("cleaning weekly series", () => {
  test("a zero-week reporting gap is filled by spreading the backlog that follows it", () => {
    // 9380, 0, 0, 45700: the 45 700 cover three weeks.
    expect(back(cleanWeeklyToLog(Float64Array.of(9000, 9380, 0, 0, 45_700, 60_000)))).toEqual([9000, 9380, 15_233.333, 15_233.333, 15_233.333, 60_000]);
  });

  test("a negative correction becomes unknown and is interpolated on the log scale", () => {
    const z = cleanWeeklyToLog(Float64Array.of(99, -3722, 9999));
    expect(Math.expm1(z[1])).toBeCloseTo(999, 6); // geometric midpoint of 100 and 10 000 (in 1 + y)
  });

  test("a gap at the end carries the last known value forward", () => {
    expect(back(cleanWeeklyToLog(Float64Array.of(50, 70, 0)))).toEqual([50, 70, 70]);
  });

  test("genuine zeros at small counts are kept; leading unknowns stay NaN", () => {
    expect(back(cleanWeeklyToLog(Float64Array.of(3, 0, 2, 0)))).toEqual([3, 0, 2, 0]);
    const z = cleanWeeklyToLog(Float64Array.of(Number.NaN, 5));
    expect(Number.isNaN(z[0])).toBe(true);
    expect(z[1]).toBeCloseTo(Math.log(6), 12);
  });
});
