import { describe, expect, test } from "bun:test";
import { gaussianWeights, smoothTrailing } from "./smoothing.ts";

describe("trailing Gaussian smoothing", () => {
  test("weights are a Gaussian centred 9 days back", () => {
    const w = gaussianWeights(19, 5);
    expect(w[9]).toBe(1);
    expect(w[0]).toBeCloseTo(Math.exp(-81 / 50), 12);
    expect(w[18]).toBeCloseTo(w[0], 12);
  });

  test("an exponential stays an exponential with the same daily ratio (full windows)", () => {
    const x = Float64Array.from({ length: 60 }, (_, t) => 10 * Math.exp(0.1 * t));
    const s = smoothTrailing(x, gaussianWeights(19, 5));
    for (let t = 19; t < 60; t++) expect(s[t] / s[t - 1]).toBeCloseTo(Math.exp(0.1), 10);
  });

  test("hand example: window of 3 with weights 1, 2, 1; negatives count as 0; NaN skipped", () => {
    const w = Float64Array.of(1, 2, 1); // age 0, 1, 2
    const s = smoothTrailing(Float64Array.of(4, 8, -5, Number.NaN), w);
    expect(s[0]).toBe(4); // only day 0 exists
    expect(s[1]).toBeCloseTo((1 * 8 + 2 * 4) / 3, 12);
    expect(s[2]).toBeCloseTo((1 * 0 + 2 * 8 + 1 * 4) / 4, 12);
    expect(s[3]).toBeCloseTo((2 * 0 + 1 * 8) / 3, 12); // day 3 unknown
  });
});
