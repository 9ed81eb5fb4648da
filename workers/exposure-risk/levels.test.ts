// The API names of models/levels' codes (the thresholds themselves are tested there).
import { describe, expect, test } from "bun:test";
import { caseDensityLevel, cdcLevel, infectionRateLevel, overallLevel, riskLevels } from "./levels.ts";

describe("Covid Act Now levels as the API names them", () => {
  test("caseDensity: ≤1 low, ≤10 medium, ≤25 high, ≤75 critical, above extreme; missing unknown", () => {
    expect([0.5, 1, 10, 25, 75, 75.1].map(caseDensityLevel)).toEqual(["low", "low", "medium", "high", "critical", "extreme"]);
    expect(caseDensityLevel(null)).toBe("unknown");
    expect(caseDensityLevel(NaN)).toBe("unknown");
  });

  test("infectionRate (Rt)", () => {
    expect([0.9, 1.0, 1.3, 1.5].map(infectionRateLevel)).toEqual(["low", "medium", "high", "critical"]);
  });

  test("overall: caseDensity's level when low or unknown, else the most severe", () => {
    expect(overallLevel(0.5, 2)).toBe("low");
    expect(overallLevel(null, 2)).toBe("unknown");
    expect(overallLevel(12, 1.5)).toBe("critical");
    expect(overallLevel(12, null)).toBe("high");
    expect(riskLevels({ caseDensity: 12, infectionRate: 1.5, testPositivityRatio: null })).toEqual({
      overall: "critical",
      caseDensity: "high",
      infectionRate: "critical",
      testPositivityRatio: "unknown",
    });
  });
});

test("CDC community transmission from weekly cases per 100k: <10 low … ≥100 high", () => {
  expect([0, 9.99, 10, 49.99, 50, 99.99, 100].map(cdcLevel)).toEqual(["low", "low", "moderate", "moderate", "substantial", "substantial", "high"]);
  expect(cdcLevel(null)).toBe("unknown");
});
