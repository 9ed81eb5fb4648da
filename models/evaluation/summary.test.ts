import { describe, expect, test } from "bun:test";
import { summarizeScores, wisMany } from "./summary.ts";
import { ScoringInputError } from "./errors.ts";
import { QUANTILE_LEVELS } from "../forecast/quantileLevels.ts";

describe("score summaries", () => {
  const uniform = Float64Array.from(QUANTILE_LEVELS, (t) => 100 * t);
  const two = new Float64Array(46);
  two.set(uniform);
  two.set(uniform, 23);

  test("WIS per forecast, MAE of the median, 50% and 95% coverage", () => {
    const truth = Float64Array.of(60, 99);
    const w = wisMany(QUANTILE_LEVELS, two, truth);
    expect(w.length).toBe(2);
    expect(w[1]).toBeGreaterThan(w[0]);
    const s = summarizeScores(QUANTILE_LEVELS, two, truth);
    expect(s.n).toBe(2);
    expect(s.mae).toBe((10 + 49) / 2);
    expect(s.coverage50).toBe(0.5); // 60 ∈ [25, 75], 99 ∉
    expect(s.coverage95).toBe(0.5); // 60 ∈ [2.5, 97.5], 99 ∉
    expect(s.wis).toBeCloseTo((w[0] + w[1]) / 2, 12);
  });

  test("unknown truth is skipped, not scored as 0", () => {
    const s = summarizeScores(QUANTILE_LEVELS, two, Float64Array.of(Number.NaN, 50));
    expect(s.n).toBe(1);
    expect(s.mae).toBe(0);
  });

  test("shape mismatch is a named error", () => {
    expect(() => wisMany(QUANTILE_LEVELS, uniform, Float64Array.of(1, 2))).toThrow(ScoringInputError);
  });
});
