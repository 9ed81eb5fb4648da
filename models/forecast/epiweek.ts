// Calendar conventions of the Forecast Hub over day numbers (days since 1970-01-01 UTC, the
// project's `day`). Epiweeks (MMWR weeks) run Sunday–Saturday; 1970-01-01 was a Thursday, so
// Saturdays are the days with (day + 5) mod 7 = 0 and Mondays those with (day + 3) mod 7 = 0.
import { ModelInputError } from "../errors.ts";

const MS_PER_DAY = 86_400_000;

/** Day of week of a day number: 0 = Sunday … 6 = Saturday (like Date.getUTCDay). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isSaturday(day: number): boolean {
  return weekday(day) === 6;
}

export function isMonday(day: number): boolean {
  return weekday(day) === 1;
}

/** The Saturday ending the epiweek that contains `day` (the day itself if it is a Saturday). */
export function epiweekEnd(day: number): number {
  return day + (6 - weekday(day));
}

/** The last Saturday on or before `day`: the end of the last complete epiweek as of that day. */
export function lastSaturdayOnOrBefore(day: number): number {
  return day - ((weekday(day) + 1) % 7);
}

/** forecast_date for data through Saturday `saturday`: the Monday after it. */
export function forecastDateAfter(saturday: number): number {
  assertSaturday(saturday);
  return saturday + 2;
}

/** The last observed Saturday for a forecast made on Monday `forecastDate`. */
export function lastObservedSaturday(forecastDate: number): number {
  if (!isMonday(forecastDate)) {
    throw new ModelInputError(`forecast date ${isoDate(forecastDate)} is not a Monday`);
  }
  return forecastDate - 2;
}

/** target_end_date of "N wk ahead": the Saturday N weeks after the last observed Saturday. */
export function targetEndDate(lastSaturday: number, horizon: number): number {
  assertSaturday(lastSaturday);
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new ModelInputError(`horizon must be a positive integer, got ${horizon}`);
  }
  return lastSaturday + 7 * horizon;
}

/** "YYYY-MM-DD" of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of "YYYY-MM-DD"; throws ModelInputError on anything else. */
export function dayFromIso(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new ModelInputError(`not an ISO date: ${JSON.stringify(iso)}`);
  const ms = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) {
    throw new ModelInputError(`not a valid calendar date: ${iso}`);
  }
  return ms / MS_PER_DAY;
}

/** Every Monday from `first` to `last` inclusive (both must be Mondays). */
export function mondaysBetween(first: number, last: number): Int32Array {
  if (!isMonday(first) || !isMonday(last)) {
    throw new ModelInputError(`${isoDate(first)} and ${isoDate(last)} must both be Mondays`);
  }
  if (last < first) return new Int32Array(0);
  const out = new Int32Array((last - first) / 7 + 1);
  for (let i = 0; i < out.length; i++) out[i] = first + 7 * i;
  return out;
}

function assertSaturday(day: number): void {
  if (!isSaturday(day)) throw new ModelInputError(`${isoDate(day)} is not a Saturday (epiweek end)`);
}
