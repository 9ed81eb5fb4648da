// Covid Act Now risk levels and CDC community transmission levels.
export {
  riskLevelFor,
  caseDensityLevel,
  infectionRateLevel,
  testPositivityLevel,
  overallRiskLevel,
  overallRiskLevels,
  canRiskLevels,
  moreSevere,
  CASE_DENSITY_THRESHOLDS,
  INFECTION_RATE_THRESHOLDS,
  TEST_POSITIVITY_THRESHOLDS,
} from "./canLevels.ts";
export {
  cdcCaseLevel,
  cdcPositivityLevel,
  cdcTransmissionLevel,
  cdcTransmissionLevels,
  CDC_WEEKLY_CASES_THRESHOLDS,
  CDC_POSITIVITY_THRESHOLDS,
} from "./cdcLevels.ts";
export { riskLevelName, cdcTransmissionLevelName } from "./names.ts";
export { RiskLevel, CdcTransmissionLevel } from "./types.ts";
export type { RiskLevelKey, CdcTransmissionLevelName, CanRiskLevels } from "./types.ts";
