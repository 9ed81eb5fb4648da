// Covid Act Now risk levels and the CDC community transmission level, named as the API names
// them ("low" … "extreme", "unknown"): the thresholds and rules are models/levels'.
import {
  canRiskLevels,
  caseDensityLevel as caseDensityCode,
  cdcTransmissionLevel,
  cdcTransmissionLevelName,
  infectionRateLevel as infectionRateCode,
  overallRiskLevel,
  riskLevelName,
  RiskLevel,
} from "../../models/levels/mod.ts";
import type { CdcLevelName, RiskLevelName, RiskLevels } from "../../domain/mod.ts";

const NAMES = new Map<number, RiskLevelName>(Object.values(RiskLevel).map((code) => [code, riskLevelName(code).toLowerCase() as RiskLevelName]));
const name = (code: number): RiskLevelName => NAMES.get(code)!;

export const caseDensityLevel = (v: number | null): RiskLevelName => name(caseDensityCode(v));
export const infectionRateLevel = (v: number | null): RiskLevelName => name(infectionRateCode(v));

/** CAN's overall level of one day from its caseDensity and Rt (no test positivity is loaded). */
export const overallLevel = (caseDensity: number | null, rt: number | null): RiskLevelName =>
  name(overallRiskLevel(caseDensityCode(caseDensity), infectionRateCode(rt), RiskLevel.UNKNOWN));

export function riskLevels(m: { caseDensity: number | null; infectionRate: number | null; testPositivityRatio: number | null }): RiskLevels {
  const l = canRiskLevels(m.caseDensity, m.infectionRate, m.testPositivityRatio);
  return { overall: name(l.overall), caseDensity: name(l.caseDensity), infectionRate: name(l.infectionRate), testPositivityRatio: name(l.testPositivityRatio) };
}

/** CDC community transmission from new cases per 100k over 7 days (positivity is not loaded). */
export const cdcLevel = (weeklyCasesPer100k: number | null): CdcLevelName => cdcTransmissionLevelName(cdcTransmissionLevel(weeklyCasesPer100k)).toLowerCase() as CdcLevelName;
