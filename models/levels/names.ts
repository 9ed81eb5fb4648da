// Names of level codes, for APIs and logs.
import { CdcTransmissionLevel, RiskLevel, type CdcTransmissionLevelName, type RiskLevelKey } from "./types.ts";
import { ModelInputError } from "../errors.ts";

const RISK_NAMES = Object.fromEntries(Object.entries(RiskLevel).map(([k, v]) => [v, k])) as Record<number, RiskLevelKey>;
const CDC_NAMES = Object.fromEntries(Object.entries(CdcTransmissionLevel).map(([k, v]) => [v, k])) as Record<number, CdcTransmissionLevelName>;

/** "LOW", "MEDIUM", … for a CAN RiskLevel code. */
export function riskLevelName(code: number): RiskLevelKey {
  const name = RISK_NAMES[code];
  if (name === undefined) throw new ModelInputError(`unknown RiskLevel code ${code}`);
  return name;
}

/** "LOW", "MODERATE", … for a CDC transmission level code. */
export function cdcTransmissionLevelName(code: number): CdcTransmissionLevelName {
  const name = CDC_NAMES[code];
  if (name === undefined) throw new ModelInputError(`unknown CDC transmission level code ${code}`);
  return name;
}
