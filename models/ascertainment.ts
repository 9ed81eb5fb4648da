// How many infections each reported case stands for (the event-risk "ascertainment bias"), two
// ways, each with an interval:
//   constant: 5 by default (Georgia Tech's 2020 setting), interval 3–10 (the values GT used
//     from 2020 to later waves: the spread of expert choices, not a statistical interval);
//   time- and test-aware (Youyang Gu, covid19-projections): ratio(d) = 1500 / (d + 50) × √positivity + 2,
//     d = days since 2020-02-12. Testing grew over time, so a case stood for more infections
//     early on; high positivity means more missed infections.
// No loaded source carries test positivity, so the time-aware option assumes 10% (between CAN's
// "medium" and "high" bands) and takes its interval from 3%–20% (CAN's low/critical bounds).
import { ModelInputError } from "./errors.ts";

export const DEFAULT_ASCERTAINMENT_RANGE = Object.freeze({ low: 3, high: 10 });
/** Day number of 2020-02-12, Gu's day 0. */
export const GU_EPOCH_DAY = 18_304;
export const ASSUMED_POSITIVITY = Object.freeze({ point: 0.1, low: 0.03, high: 0.2 });

export interface Ascertainment {
  point: number;
  low: number;
  high: number;
}

/** Gu's prevalence ratio on day `day` (days since 1970-01-01) at test positivity `positivity` (0–1). */
export function guPrevalenceRatio(day: number, positivity: number): number {
  if (!Number.isFinite(day)) throw new ModelInputError(`day must be a finite day number, got ${day}`);
  if (!(positivity >= 0 && positivity <= 1)) throw new ModelInputError(`positivity must be in [0, 1], got ${positivity}`);
  // Before Gu's epoch the formula's d would shrink toward −50: hold day 0's value instead.
  const d = Math.max(0, day - GU_EPOCH_DAY);
  return (1500 / (d + 50)) * Math.sqrt(positivity) + 2;
}

export function constantAscertainment(point: number, range = DEFAULT_ASCERTAINMENT_RANGE): Ascertainment {
  if (!(point > 0) || !(range.low > 0) || !(range.high >= range.low)) {
    throw new ModelInputError(`ascertainment must be positive with 0 < low ≤ high, got ${point} in [${range.low}, ${range.high}]`);
  }
  return { point, low: Math.min(range.low, point), high: Math.max(range.high, point) };
}

/** Gu's ratio on `day`; with a measured positivity the interval collapses to it, else the assumed band. */
export function timeAwareAscertainment(day: number, positivity: number | null = null): Ascertainment {
  if (positivity !== null) {
    const r = guPrevalenceRatio(day, positivity);
    return { point: r, low: r, high: r };
  }
  return {
    point: guPrevalenceRatio(day, ASSUMED_POSITIVITY.point),
    low: guPrevalenceRatio(day, ASSUMED_POSITIVITY.low),
    high: guPrevalenceRatio(day, ASSUMED_POSITIVITY.high),
  };
}
