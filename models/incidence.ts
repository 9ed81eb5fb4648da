// Incidence over cumulative series. Single-region functions take a Float64Array indexed by day;
// the *ByRegion variants work on whole columns sorted by (regionId, day), as storage returns
// them, without building per-region arrays. NaN means unknown and propagates.
import { ModelInputError } from "./errors.ts";

/** new[t] = cum[t] − cum[t−1]; new[0] is NaN (the day before is unknown). */
export function dailyNew(cum: Float64Array): Float64Array {
  const out = new Float64Array(cum.length);
  if (cum.length > 0) out[0] = Number.NaN;
  for (let t = 1; t < cum.length; t++) out[t] = cum[t] - cum[t - 1];
  return out;
}

/** Trailing 7-day mean; NaN for the first 6 days and wherever the window holds a NaN. */
export function rollingMean7(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let t = 0; t < values.length; t++) out[t] = t < 6 ? Number.NaN : windowMean(values, t - 6, t);
  return out;
}

/** Value per 100,000 people; NaN when the population is missing, zero or negative. */
export function per100k(value: number, population: number | null | undefined): number {
  if (population === null || population === undefined || !(population > 0)) return Number.NaN;
  return (value / population) * 100_000;
}

/** cum[t] − cum[t − days]; NaN when either index is out of range or a value is unknown. */
export function casesInLastDays(cum: Float64Array, t: number, days: number): number {
  checkDays(days);
  if (!Number.isInteger(t) || t < 0 || t >= cum.length || t - days < 0) return Number.NaN;
  return cum[t] - cum[t - days];
}

/** dailyNew over columns sorted by (regionId, day): NaN where the row before is not the same region's previous day. */
export function dailyNewByRegion(regionId: Int32Array, day: Int32Array, cum: Float64Array): Float64Array {
  checkColumns(regionId, day, cum);
  const out = new Float64Array(cum.length);
  for (let i = 0; i < cum.length; i++) {
    const prevDay = i > 0 && regionId[i - 1] === regionId[i] && day[i - 1] === day[i] - 1;
    out[i] = prevDay ? cum[i] - cum[i - 1] : Number.NaN;
  }
  return out;
}

/** rollingMean7 over sorted columns: the window must be 7 consecutive days of the same region. */
export function rollingMean7ByRegion(regionId: Int32Array, day: Int32Array, values: Float64Array): Float64Array {
  checkColumns(regionId, day, values);
  const out = new Float64Array(values.length);
  let runStart = 0;
  for (let i = 0; i < values.length; i++) {
    if (i === 0 || regionId[i - 1] !== regionId[i] || day[i - 1] !== day[i] - 1) runStart = i;
    out[i] = i - runStart >= 6 ? windowMean(values, i - 6, i) : Number.NaN;
  }
  return out;
}

/** casesInLastDays over sorted columns: cum at day d minus cum at day d − days of the same region. */
export function casesInLastDaysByRegion(regionId: Int32Array, day: Int32Array, cum: Float64Array, days: number): Float64Array {
  checkDays(days);
  checkColumns(regionId, day, cum);
  const out = new Float64Array(cum.length);
  let segStart = 0;
  for (let i = 0; i < cum.length; i++) {
    if (i > 0 && regionId[i - 1] !== regionId[i]) segStart = i;
    const j = findDay(day, segStart, i, day[i] - days);
    out[i] = j < 0 ? Number.NaN : cum[i] - cum[j];
  }
  return out;
}

/** Index of `target` in day[from..to) (sorted), or -1. Dense series hit on the first probe. */
function findDay(day: Int32Array, from: number, to: number, target: number): number {
  const guess = to - (day[to] - target);
  if (guess >= from && guess < to && day[guess] === target) return guess;
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (day[mid] === target) return mid;
    if (day[mid] < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function windowMean(values: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let k = from; k <= to; k++) sum += values[k];
  return sum / (to - from + 1);
}

function checkDays(days: number): void {
  if (!Number.isInteger(days) || days < 1) throw new ModelInputError(`days must be a positive integer, got ${days}`);
}

function checkColumns(regionId: Int32Array, day: Int32Array, values: Float64Array): void {
  if (regionId.length !== day.length || day.length !== values.length) {
    throw new ModelInputError(`columns differ in length: regionId ${regionId.length}, day ${day.length}, values ${values.length}`);
  }
}
