import { describe, expect, test } from "bun:test";
import { conformalScale, neededScale, scoreWidth, type ScoredError } from "./conformal.ts";

/** Reference errors: 41 evenly spaced values in [−1, 1] (2.5%/97.5% quantiles ±0.95). */
const REF = Float64Array.from({ length: 41 }, (_, k) => -1 + k / 20);

function items(errors: number[]): ScoredError[] {
  return errors.map((error) => ({ error, sorted: REF, weight: 1 }));
}

describe("conformal width", () => {
  test("neededScale: the factor that just covers an error, Infinity when none does", () => {
    expect(neededScale(0.475, -0.95, 0.95)).toBeCloseTo(0.5, 12);
    expect(neededScale(-1.9, -0.95, 0.95)).toBeCloseTo(2, 12);
    expect(neededScale(0, -0.95, 0.95)).toBe(0);
    expect(neededScale(0.1, -0.5, -0.1)).toBe(Number.POSITIVE_INFINITY);
  });

  test("errors twice as spread as the reference: factor ≈ 2, and at least 95% covered after scaling", () => {
    const errors = Array.from({ length: 200 }, (_, k) => 2 * (-1 + k / 99.5));
    const w = conformalScale(items(errors), 1, 0.95, [0.5, 3]);
    expect(w).toBeGreaterThan(1.8);
    expect(w).toBeLessThan(2.2);
    const covered = errors.filter((e) => e >= -0.95 * w && e <= 0.95 * w).length / errors.length;
    expect(covered).toBeGreaterThanOrEqual(0.95);
  });

  test("errors half as spread: narrower, clamped to the lower bound", () => {
    const errors = Array.from({ length: 200 }, (_, k) => 0.3 * (-1 + k / 99.5));
    expect(conformalScale(items(errors), 1, 0.95, [0.5, 3])).toBe(0.5);
    expect(conformalScale(items(errors), 1, 0.95, [0.1, 3])).toBeLessThan(0.4);
  });

  test("scoreWidth: WIS is lowest near the right width", () => {
    const errors = Array.from({ length: 200 }, (_, k) => 2 * (-1 + k / 99.5));
    const s = items(errors);
    expect(scoreWidth(s, 2)).toBeLessThan(scoreWidth(s, 1));
    expect(scoreWidth(s, 2)).toBeLessThan(scoreWidth(s, 4));
  });
});
