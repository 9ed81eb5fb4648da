// Social activity as a contact adjustment to the event risk. People meet more others when
// mobility is above its pre-pandemic baseline, so a group of n carries the exposure of
//   n_eff = n × f,  f = clamp(1 + strength × change / 100, MIN_FACTOR, MAX_FACTOR)
// where `change` is the mean mobility change in percent (Google's categories other than parks
// and residential) and risk = 1 − (1 − p)^n_eff. The default strength is 0 (off): on the real
// data mobility barely leads Rt (README, "Risk models"), so it is offered as a what-if knob,
// bounded so that no mobility figure can move n by more than ±50%.
import { ModelInputError } from "./errors.ts";
import { probabilityOfAnyInfected } from "./eventRisk.ts";

export const DEFAULT_CONTACT_STRENGTH = 0;
export const MIN_CONTACT_FACTOR = 0.5;
export const MAX_CONTACT_FACTOR = 1.5;

/** The factor on the group size; 1 when the mobility change is unknown or strength is 0. */
export function contactFactor(mobilityChangePercent: number | null, strength = DEFAULT_CONTACT_STRENGTH): number {
  if (!Number.isFinite(strength) || strength < 0) throw new ModelInputError(`contact strength must be ≥ 0, got ${strength}`);
  if (mobilityChangePercent === null || !Number.isFinite(mobilityChangePercent) || strength === 0) return 1;
  return Math.min(MAX_CONTACT_FACTOR, Math.max(MIN_CONTACT_FACTOR, 1 + (strength * mobilityChangePercent) / 100));
}

/** P(≥ 1 infectious among n people) with the group's contacts scaled by the mobility factor. */
export function contactAdjustedRisk(prevalence: number, groupSize: number, mobilityChangePercent: number | null, strength = DEFAULT_CONTACT_STRENGTH): number {
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new ModelInputError(`groupSize must be an integer ≥ 1, got ${groupSize}`);
  return probabilityOfAnyInfected(prevalence, groupSize * contactFactor(mobilityChangePercent, strength));
}
