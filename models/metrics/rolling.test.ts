import { describe, expect, test } from "bun:test";
import { scalePer100k, trailingMean, trailingSum } from "./rolling.ts";

describe("trailing windows", () => {
  test("7-day sum and mean, NaN until the window is full", () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1); // 1 … 10
    const s = trailingSum(x, 7);
    expect(Array.from(s.subarray(0, 6)).every(Number.isNaN)).toBe(true);
    expect(Array.from(s.subarray(6))).toEqual([28, 35, 42, 49]); // 1+…+7, 2+…+8, …
    expect(trailingMean(x, 7)[9]).toBe(7);
  });

  test("a NaN inside the window makes the window NaN, and only that window", () => {
    const x = Float64Array.of(1, 1, Number.NaN, 1, 1, 1);
    const s = trailingSum(x, 3);
    expect(Array.from(s)).toEqual([NaN, NaN, NaN, NaN, NaN, 3]);
  });

  test("long series: the running sum does not drift", () => {
    const x = Float64Array.from({ length: 5000 }, (_, i) => 0.1 + (i % 3) * 1e6);
    const s = trailingSum(x, 7);
    let exact = 0;
    for (let i = 4993; i < 5000; i++) exact += x[i];
    expect(s[4999]).toBeCloseTo(exact, 6);
  });

  test("per 100k, NaN for unknown or non-positive population", () => {
    expect(Array.from(scalePer100k(Float64Array.of(50, 5), 500_000))).toEqual([10, 1]);
    expect(Number.isNaN(scalePer100k(Float64Array.of(1), 0)[0])).toBe(true);
    expect(Number.isNaN(scalePer100k(Float64Array.of(1), Number.NaN)[0])).toBe(true);
  });
});
