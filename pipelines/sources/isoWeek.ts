// ISO 8601 year-weeks ("2020-51"): weeks run Monday to Sunday, week 1 holds the year's first Thursday.
import { dayOfCivil, weekday } from "../../domain/mod.ts";

/** Days since 1970-01-01 of the Monday that starts ISO week 1 of `year`. */
function firstMonday(year: number): number {
  const jan4 = dayOfCivil(year, 1, 4);
  return jan4 - ((weekday(jan4) + 6) % 7); // Monday = 0
}

/** 52 or 53. */
export function isoWeeksInYear(year: number): number {
  return (firstMonday(year + 1) - firstMonday(year)) / 7;
}

/** Days since 1970-01-01 of the Sunday that ends ISO week `week` of `year`, or null if there is no such week. */
export function isoWeekEndDay(year: number, week: number): number | null {
  if (!Number.isInteger(year) || !Number.isInteger(week) || year < 1900 || year > 9999) return null;
  if (week < 1 || week > isoWeeksInYear(year)) return null;
  return firstMonday(year) + 7 * (week - 1) + 6;
}

/** "2020-51" or "2020-W51" → the Sunday ending it, or null. */
export function parseYearWeek(text: string): number | null {
  const m = /^(\d{4})-W?(\d{1,2})$/.exec(text);
  return m ? isoWeekEndDay(Number(m[1]), Number(m[2])) : null;
}
