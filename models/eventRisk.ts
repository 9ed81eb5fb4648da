// Event risk after the Georgia Tech COVID-19 Event Risk Assessment Planning Tool (Chande et al.,
// Nat Hum Behav 2020): the chance that at least one of n people at an event is infectious.
//   p    = ascertainment × (cases reported in the last 10 days) / population, clamped to [0, 1]
//   risk = 1 − (1 − p)^n
// "Cases in the last 10 days" is C_t − C_{t−10}, as the issue defines it. The GT tool's own code
// instead scales a 14-day difference, (C_t − C_{t−14}) × 10/14, which smooths weekly reporting
// cycles; both are 10-day counts, so they agree when incidence is steady.
import { ModelInputError } from "./errors.ts";
import { casesInLastDays } from "./incidence.ts";
import type { EventRiskInput, EventRiskResult } from "./types.ts";

export const DEFAULT_ASCERTAINMENT = 5;
export const EVENT_RISK_WINDOW_DAYS = 10;

const UNKNOWN: EventRiskResult = Object.freeze({ prevalence: null, probability: null });

export function eventRisk(input: EventRiskInput): EventRiskResult {
  const { casesLast10Days, population, groupSize } = input;
  const ascertainment = input.ascertainment ?? DEFAULT_ASCERTAINMENT;
  if (!Number.isInteger(groupSize) || groupSize < 1) throw new ModelInputError(`groupSize must be an integer ≥ 1, got ${groupSize}`);
  if (!Number.isFinite(ascertainment) || ascertainment <= 0) {
    throw new ModelInputError(`ascertainment must be a positive number, got ${ascertainment}`);
  }
  // No population (or 0) means no rate; unknown cases mean no estimate. Both are "unknown", not 0.
  if (population === null || !Number.isFinite(population) || population <= 0) return UNKNOWN;
  if (casesLast10Days === null || !Number.isFinite(casesLast10Days)) return UNKNOWN;
  // Negative 10-day counts come from data corrections: no evidence of infections, so p = 0.
  const prevalence = Math.min(1, Math.max(0, (ascertainment * casesLast10Days) / population));
  return { prevalence, probability: probabilityOfAnyInfected(prevalence, groupSize) };
}

/** Event risk at day index t of a cumulative case series. */
export function eventRiskFromSeries(cumCases: Float64Array, t: number, population: number | null, groupSize: number, ascertainment = DEFAULT_ASCERTAINMENT): EventRiskResult {
  const casesLast10Days = casesInLastDays(cumCases, t, EVENT_RISK_WINDOW_DAYS);
  return eventRisk({ casesLast10Days, population, groupSize, ascertainment });
}

/** 1 − (1 − p)^n, computed as −expm1(n·log1p(−p)) so tiny p keeps its precision. */
export function probabilityOfAnyInfected(p: number, n: number): number {
  if (p >= 1) return 1;
  if (p <= 0) return 0;
  return -Math.expm1(n * Math.log1p(-p));
}
