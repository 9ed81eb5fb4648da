import { describe, expect, test } from "bun:test";
import { medianSorted, quantileSorted, quantiles, sortedFinite } from "./quantile.ts";
import { ModelInputError } from "../errors.ts";

describe("type-7 quantiles (R's default)", () => {
  test("hand-computed values: h = (n − 1)p, interpolate", () => {
    const x = Float64Array.of(1, 2, 3, 4);
    // R: quantile(1:4, c(0, .25, .5, .9, 1)) = 1, 1.75, 2.5, 3.7, 4
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileSorted(x, 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileSorted(x, 1)).toBe(4);
    expect(medianSorted(Float64Array.of(1, 5, 9))).toBe(5);
  });

  test("unsorted input with NaN: NaN dropped, then sorted", () => {
    expect(Array.from(sortedFinite(Float64Array.of(3, Number.NaN, 1, 2)))).toEqual([1, 2, 3]);
    expect(Array.from(quantiles(Float64Array.of(4, Number.NaN, 1, 3, 2), [0.25, 0.5]))).toEqual([1.75, 2.5]);
  });

  test("bad input is a named error", () => {
    expect(() => quantileSorted(new Float64Array(0), 0.5)).toThrow(ModelInputError);
    expect(() => quantileSorted(Float64Array.of(1), 1.5)).toThrow(ModelInputError);
  });
});
