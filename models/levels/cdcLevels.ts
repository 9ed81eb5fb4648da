// CDC community transmission levels (2020–2022): new cases per 100k over the last 7 days
// <10 low, 10–<50 moderate, 50–<100 substantial, ≥100 high; test positivity <5%, 5–<8%,
// 8–<10%, ≥10%; the higher of the two. Bounds are exclusive upper bounds (value < t), the
// opposite of CAN's. CAN's implementation divides the weekly thresholds by 7 to compare a
// daily average; we compare the weekly sum itself, so an exact 10.0 cannot fall on the wrong
// side through 10/7·7 rounding.
// Unlike CAN's port (where an UNKNOWN positivity outranks a LOW case rate) a missing
// indicator is ignored, as the CDC did for counties without testing data; UNKNOWN only when
// both are missing.
import { CdcTransmissionLevel } from "./types.ts";

export const CDC_WEEKLY_CASES_THRESHOLDS = [10, 50, 100] as const;
export const CDC_POSITIVITY_THRESHOLDS = [0.05, 0.08, 0.1] as const;

const LADDER: readonly CdcTransmissionLevel[] = [CdcTransmissionLevel.LOW, CdcTransmissionLevel.MODERATE, CdcTransmissionLevel.SUBSTANTIAL, CdcTransmissionLevel.HIGH];

function levelBelow(value: number | null | undefined, thresholds: readonly number[]): CdcTransmissionLevel {
  if (value === null || value === undefined || !Number.isFinite(value)) return CdcTransmissionLevel.UNKNOWN;
  for (let i = 0; i < thresholds.length; i++) if (value < thresholds[i]) return LADDER[i];
  return CdcTransmissionLevel.HIGH;
}

/** Level from new cases per 100k over 7 days. */
export function cdcCaseLevel(weeklyCasesPer100k: number | null | undefined): CdcTransmissionLevel {
  return levelBelow(weeklyCasesPer100k, CDC_WEEKLY_CASES_THRESHOLDS);
}

/** Level from the test positivity ratio (0–1). */
export function cdcPositivityLevel(positivity: number | null | undefined): CdcTransmissionLevel {
  return levelBelow(positivity, CDC_POSITIVITY_THRESHOLDS);
}

/** The higher of the two indicators' levels; a missing indicator does not count. */
export function cdcTransmissionLevel(weeklyCasesPer100k: number | null | undefined, positivity?: number | null): CdcTransmissionLevel {
  const a = cdcCaseLevel(weeklyCasesPer100k);
  const b = cdcPositivityLevel(positivity);
  if (a === CdcTransmissionLevel.UNKNOWN) return b;
  if (b === CdcTransmissionLevel.UNKNOWN) return a;
  return a > b ? a : b;
}

/** cdcTransmissionLevel over columns (positivity optional). */
export function cdcTransmissionLevels(weeklyCasesPer100k: Float64Array, positivity?: Float64Array): Uint8Array {
  const out = new Uint8Array(weeklyCasesPer100k.length);
  for (let i = 0; i < out.length; i++) out[i] = cdcTransmissionLevel(weeklyCasesPer100k[i], positivity?.[i]);
  return out;
}
