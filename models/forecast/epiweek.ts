// Calendar conventions of the Forecast Hub over day numbers (days since 1970-01-01 UTC, the
// project's `day`). Epiweeks (MMWR weeks) run Sunday–Saturday; 1970-01-01 was a Thursday, so
// Saturdays are the days with (day + 5) mod 7 = 0 and Mondays those with (day + 3) mod 7 = 0.
import { dayOfIso, isMonday, isoOfDay, isSaturday } from "../../domain/mod.ts";
import { ModelInputError } from "../errors.ts";

// Day and week numbers are the domain's; re-exported because the forecast conventions are
// stated in them.
export { weekday, isSaturday, isMonday, epiweekEnd, lastSaturdayOnOrBefore } from "../../domain/mod.ts";

/** forecast_date for data through Saturday `saturday`: the Monday after it. */
export function forecastDateAfter(saturday: number): number {
  assertSaturday(saturday);
  return saturday + 2;
}

/** The last observed Saturday for a forecast made on Monday `forecastDate`. */
export function lastObservedSaturday(forecastDate: number): number {
  if (!isMonday(forecastDate)) {
    throw new ModelInputError(`forecast date ${isoOfDay(forecastDate)} is not a Monday`);
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

/** The domain's dayOfIso for input that must be a date: ModelInputError on anything else. */
export function dayFromIso(iso: string): number {
  const day = dayOfIso(iso);
  if (Number.isNaN(day)) throw new ModelInputError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(iso)}`);
  return day;
}

/** Every Monday from `first` to `last` inclusive (both must be Mondays). */
export function mondaysBetween(first: number, last: number): Int32Array {
  if (!isMonday(first) || !isMonday(last)) {
    throw new ModelInputError(`${isoOfDay(first)} and ${isoOfDay(last)} must both be Mondays`);
  }
  if (last < first) return new Int32Array(0);
  const out = new Int32Array((last - first) / 7 + 1);
  for (let i = 0; i < out.length; i++) out[i] = first + 7 * i;
  return out;
}

function assertSaturday(day: number): void {
  if (!isSaturday(day)) throw new ModelInputError(`${isoOfDay(day)} is not a Saturday (epiweek end)`);
}
