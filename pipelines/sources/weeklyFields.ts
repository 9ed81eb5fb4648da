// Field rules shared by the weekly adapters (CDC Forecast Hub, NSSP): hub locations to JHU UIDs,
// Saturday week ends, publication days, and the classes of a failed row.
import { dayOfTime, isoOfDay, isSaturday, US_COUNTRY_UID, usCountyUidFromFips, usStateUidFromFips } from "../../domain/mod.ts";
import { RowRejected } from "./jhuFields.ts";

/** Hub location ("01" … "72", or "US") → JHU UID; null when it is neither a state nor the nation. */
export function hubLocationUid(location: string): number | null {
  if (location === "US") return US_COUNTRY_UID;
  if (!/^\d{2}$/.test(location)) return null;
  return usStateUidFromFips(Number(location));
}

/** 5-digit county FIPS → county UID, null when the state part is unknown. */
export function countyUid(fips: string): number | null {
  if (!/^\d{5}$/.test(fips)) return null;
  return usCountyUidFromFips(Number(fips));
}

export function requireSaturday(day: number, column: string): void {
  if (!isSaturday(day)) throw new RowRejected(`bad week: ${column} ${isoOfDay(day)} is not a Saturday (CDC weeks end on Saturday)`);
}

/** A publication day given by the caller, or today; checked so a bad option fails loudly. */
export function fallbackPublishedDay(publishedDay: number | undefined): number {
  if (publishedDay === undefined) return dayOfTime(Date.now()); // no as_of: today (UTC)
  if (!Number.isInteger(publishedDay)) throw new TypeError(`publishedDay must be an integer day number, got ${publishedDay}`);
  return publishedDay;
}
