import { describe, expect, test } from "bun:test";
import { pmfMean, pmfQuantile } from "./posterior.ts";

describe("posterior summaries", () => {
  const grid = Float64Array.of(0, 1, 2, 3);
  test("mean", () => {
    expect(pmfMean(Float64Array.of(0, 0.5, 0.5, 0), grid)).toBe(1.5);
  });
  test("quantiles treat each cell's mass as uniform over the cell", () => {
    const p = Float64Array.of(0, 0.5, 0.5, 0);
    expect(pmfQuantile(p, grid, 0.5)).toBeCloseTo(1.5, 12); // cell 1 spans 0.5 … 1.5
    expect(pmfQuantile(p, grid, 0.25)).toBeCloseTo(1, 12);
    expect(pmfQuantile(p, grid, 0.75)).toBeCloseTo(2, 12);
    expect(pmfQuantile(Float64Array.of(1, 0, 0, 0), grid, 0.5)).toBeCloseTo(0.25, 12); // first cell spans 0 … 0.5
  });
});
