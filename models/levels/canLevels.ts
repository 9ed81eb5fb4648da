// Covid Act Now risk levels (covid-data-model, libs/metrics/top_level_metric_risk_levels.py).
// Each threshold is an inclusive upper bound: value ≤ t. Missing (null/NaN) or infinite
// values are UNKNOWN, as in CAN's calc_risk_level.
import { RiskLevel, type CanRiskLevels } from "./types.ts";

/** caseDensity (7-day average daily new cases per 100k): ≤1 low, ≤10 medium, ≤25 high, ≤75 critical, >75 extreme. */
export const CASE_DENSITY_THRESHOLDS = [1, 10, 25, 75] as const;
/** infectionRate (Rt): ≤0.9 low, ≤1.1 medium, ≤1.4 high, >1.4 critical. */
export const INFECTION_RATE_THRESHOLDS = [0.9, 1.1, 1.4] as const;
/** testPositivityRatio (0–1): ≤0.03 low, ≤0.10 medium, ≤0.20 high, >0.20 critical. */
export const TEST_POSITIVITY_THRESHOLDS = [0.03, 0.1, 0.2] as const;

const LADDER: readonly RiskLevel[] = [RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL, RiskLevel.EXTREME];

/** Level of a value against 3 or 4 inclusive upper bounds. */
export function riskLevelFor(value: number | null | undefined, thresholds: readonly number[]): RiskLevel {
  if (value === null || value === undefined || !Number.isFinite(value)) return RiskLevel.UNKNOWN;
  for (let i = 0; i < thresholds.length; i++) if (value <= thresholds[i]) return LADDER[i];
  // Beyond the last bound: CRITICAL with 3 thresholds, EXTREME with 4.
  return LADDER[thresholds.length];
}

export function caseDensityLevel(value: number | null | undefined): RiskLevel {
  return riskLevelFor(value, CASE_DENSITY_THRESHOLDS);
}

export function infectionRateLevel(value: number | null | undefined): RiskLevel {
  return riskLevelFor(value, INFECTION_RATE_THRESHOLDS);
}

export function testPositivityLevel(value: number | null | undefined): RiskLevel {
  return riskLevelFor(value, TEST_POSITIVITY_THRESHOLDS);
}

// Severity order for "max": UNKNOWN ranks just above LOW (CAN's top_level_risk_level checks
// EXTREME, CRITICAL, HIGH, MEDIUM, then UNKNOWN, then LOW), not by its numeric code 4.
const SEVERITY: Record<RiskLevel, number> = { 0: 0, 4: 1, 1: 2, 2: 3, 3: 4, 5: 5 };

/** The more severe of two levels in CAN's order LOW < UNKNOWN < MEDIUM < HIGH < CRITICAL < EXTREME. */
export function moreSevere(a: RiskLevel, b: RiskLevel): RiskLevel {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

/**
 * Overall level: when caseDensity's level is LOW or UNKNOWN it decides alone (a region with
 * hardly any cases is low risk whatever its Rt); otherwise the most severe of the three.
 */
export function overallRiskLevel(caseDensity: RiskLevel, infectionRate: RiskLevel, testPositivity: RiskLevel): RiskLevel {
  if (caseDensity === RiskLevel.LOW || caseDensity === RiskLevel.UNKNOWN) return caseDensity;
  return moreSevere(moreSevere(infectionRate, testPositivity), caseDensity);
}

/** All CAN levels of one region-day. */
export function canRiskLevels(caseDensity: number | null | undefined, infectionRate: number | null | undefined, testPositivityRatio: number | null | undefined): CanRiskLevels {
  const cd = caseDensityLevel(caseDensity);
  const ir = infectionRateLevel(infectionRate);
  const tp = testPositivityLevel(testPositivityRatio);
  return { caseDensity: cd, infectionRate: ir, testPositivityRatio: tp, overall: overallRiskLevel(cd, ir, tp) };
}

/**
 * Overall CAN level for whole columns (one entry per region-day). `testPositivity` may be
 * omitted when no testing data exists: every positivity level is then UNKNOWN.
 */
export function overallRiskLevels(caseDensity: Float64Array, infectionRate: Float64Array, testPositivity?: Float64Array): Uint8Array {
  const out = new Uint8Array(caseDensity.length);
  for (let i = 0; i < out.length; i++) {
    const cd = caseDensityLevel(caseDensity[i]);
    const ir = infectionRateLevel(infectionRate[i]);
    const tp = testPositivity === undefined ? RiskLevel.UNKNOWN : testPositivityLevel(testPositivity[i]);
    out[i] = overallRiskLevel(cd, ir, tp);
  }
  return out;
}
