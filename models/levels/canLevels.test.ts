import { describe, expect, test } from "bun:test";
import { canRiskLevels, caseDensityLevel, infectionRateLevel, moreSevere, overallRiskLevel, overallRiskLevels, testPositivityLevel } from "./canLevels.ts";
import { RiskLevel } from "./types.ts";
import { riskLevelName } from "./names.ts";

const { LOW, MEDIUM, HIGH, CRITICAL, UNKNOWN, EXTREME } = RiskLevel;

describe("Covid Act Now levels", () => {
  test("codes are CAN's enum values", () => {
    expect([LOW, MEDIUM, HIGH, CRITICAL, UNKNOWN, EXTREME]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(riskLevelName(5)).toBe("EXTREME");
    expect(riskLevelName(4)).toBe("UNKNOWN");
  });

  test("caseDensity: each threshold is an inclusive upper bound", () => {
    expect(caseDensityLevel(0)).toBe(LOW);
    expect(caseDensityLevel(1)).toBe(LOW);
    expect(caseDensityLevel(1.0001)).toBe(MEDIUM);
    expect(caseDensityLevel(10)).toBe(MEDIUM);
    expect(caseDensityLevel(10.0001)).toBe(HIGH);
    expect(caseDensityLevel(25)).toBe(HIGH);
    expect(caseDensityLevel(25.0001)).toBe(CRITICAL);
    expect(caseDensityLevel(75)).toBe(CRITICAL);
    expect(caseDensityLevel(75.0001)).toBe(EXTREME);
  });

  test("infectionRate and testPositivity edges; above the last bound is CRITICAL", () => {
    expect(infectionRateLevel(0.9)).toBe(LOW);
    expect(infectionRateLevel(0.9001)).toBe(MEDIUM);
    expect(infectionRateLevel(1.1)).toBe(MEDIUM);
    expect(infectionRateLevel(1.1001)).toBe(HIGH);
    expect(infectionRateLevel(1.4)).toBe(HIGH);
    expect(infectionRateLevel(1.4001)).toBe(CRITICAL);
    expect(infectionRateLevel(9)).toBe(CRITICAL);
    expect(testPositivityLevel(0.03)).toBe(LOW);
    expect(testPositivityLevel(0.0301)).toBe(MEDIUM);
    expect(testPositivityLevel(0.1)).toBe(MEDIUM);
    expect(testPositivityLevel(0.2)).toBe(HIGH);
    expect(testPositivityLevel(0.2001)).toBe(CRITICAL);
  });

  test("missing or infinite values are UNKNOWN", () => {
    expect(caseDensityLevel(null)).toBe(UNKNOWN);
    expect(caseDensityLevel(undefined)).toBe(UNKNOWN);
    expect(infectionRateLevel(Number.NaN)).toBe(UNKNOWN);
    expect(testPositivityLevel(Number.POSITIVE_INFINITY)).toBe(UNKNOWN);
  });

  test("overall: LOW or UNKNOWN case density decides alone", () => {
    expect(overallRiskLevel(LOW, CRITICAL, CRITICAL)).toBe(LOW);
    expect(overallRiskLevel(UNKNOWN, CRITICAL, HIGH)).toBe(UNKNOWN);
  });

  test("overall: otherwise the most severe, with UNKNOWN ranked just above LOW", () => {
    expect(overallRiskLevel(MEDIUM, CRITICAL, UNKNOWN)).toBe(CRITICAL);
    expect(overallRiskLevel(MEDIUM, UNKNOWN, UNKNOWN)).toBe(MEDIUM); // UNKNOWN (4) does not beat MEDIUM (1)
    expect(overallRiskLevel(EXTREME, LOW, LOW)).toBe(EXTREME); // EXTREME (5) beats everything
    expect(overallRiskLevel(HIGH, LOW, CRITICAL)).toBe(CRITICAL);
    expect(moreSevere(UNKNOWN, LOW)).toBe(UNKNOWN);
    expect(moreSevere(UNKNOWN, MEDIUM)).toBe(MEDIUM);
  });

  test("canRiskLevels and the column version agree", () => {
    expect(canRiskLevels(30, 1.2, null)).toEqual({ caseDensity: CRITICAL, infectionRate: HIGH, testPositivityRatio: UNKNOWN, overall: CRITICAL });
    const cols = overallRiskLevels(Float64Array.of(0.5, 30, 5, Number.NaN), Float64Array.of(2, 1.2, 1.5, 1));
    expect(Array.from(cols)).toEqual([LOW, CRITICAL, CRITICAL, UNKNOWN]);
  });
});
