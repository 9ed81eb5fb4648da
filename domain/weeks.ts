// Weeks over day numbers. CDC weeks (MMWR epiweeks) run Sunday–Saturday and are named by their
// Saturday; 1970-01-01 (day 0) was a Thursday. ISO 8601 weeks run Monday–Sunday.

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
