// Risk level codes. Values and names follow Covid Act Now's API (covid-data-model,
// api/can_api_v2_definition.py): `class RiskLevel(enum.Enum)` LOW = 0, MEDIUM = 1, HIGH = 2,
// CRITICAL = 3, UNKNOWN = 4, EXTREME = 5 (EXTREME was added after UNKNOWN, hence the order);
// `class CDCTransmissionLevel(enum.Enum)` LOW = 0, MODERATE = 1, SUBSTANTIAL = 2, HIGH = 3,
// UNKNOWN = 4. Checked against that file.

export const RiskLevel = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3, UNKNOWN: 4, EXTREME: 5 } as const;
export type RiskLevel = (typeof RiskLevel)[keyof typeof RiskLevel];
export type RiskLevelKey = keyof typeof RiskLevel;

export const CdcTransmissionLevel = { LOW: 0, MODERATE: 1, SUBSTANTIAL: 2, HIGH: 3, UNKNOWN: 4 } as const;
export type CdcTransmissionLevel = (typeof CdcTransmissionLevel)[keyof typeof CdcTransmissionLevel];
export type CdcTransmissionLevelName = keyof typeof CdcTransmissionLevel;

/** CAN's per-metric levels plus the overall level of one region-day. */
export interface CanRiskLevels {
  caseDensity: RiskLevel;
  infectionRate: RiskLevel;
  testPositivityRatio: RiskLevel;
  overall: RiskLevel;
}
