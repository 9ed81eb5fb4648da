import { describe, expect, test } from "bun:test";
import { chooseWiden } from "./calibration.ts";

/** byOrigin[m][step][region]: 10 past dates, steps 0–1, 40 regions; date m's errors scaled by scale(m). */
function errors(scale: (m: number) => number): Float64Array[][] {
  return Array.from({ length: 10 }, (_, m) => [new Float64Array(40).fill(Number.NaN), Float64Array.from({ length: 40 }, (_, i) => scale(m) * (((i * 37) % 40) / 20 - 1))]);
}

describe("chooseWiden", () => {
  const weight = new Float64Array(40).fill(1);
  test("errors as large as before: about 1", () => {
    const w = chooseWiden(
      errors(() => 0.1),
      weight,
      4,
      3,
      1,
    );
    expect(w[1]).toBeGreaterThanOrEqual(0.8);
    expect(w[1]).toBeLessThanOrEqual(1.2);
    expect(Number.isNaN(w[0])).toBe(true);
  });
  test("the latest dates' errors twice as large: widen", () => {
    const w = chooseWiden(
      errors((m) => (m < 3 ? 0.2 : 0.1)),
      weight,
      4,
      3,
      1,
    );
    expect(w[1]).toBeGreaterThanOrEqual(1.6);
  });
  test("the latest dates' errors half as large: narrow", () => {
    const w = chooseWiden(
      errors((m) => (m < 3 ? 0.05 : 0.1)),
      weight,
      4,
      3,
      1,
    );
    expect(w[1]).toBeLessThanOrEqual(0.7);
  });
});
