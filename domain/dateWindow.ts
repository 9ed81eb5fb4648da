// The dates any stored figure may carry: from 2019-12-01 (before the first reported COVID-19
// cases) to tomorrow (UTC; one day of slack for publishers a time zone ahead). Anything else is
// a typo or an attack: the risk worker builds dense per-day arrays from a region's first day to
// its last, so one report dated 0001-01-01 would make them 740 000 days long.
//
// Day numbers are days since 1970-01-01 (UTC). The upper bound moves with the clock, so every
// check takes `nowMs` (default: now) rather than caching a bound at import.

const DAY_MS = 86_400_000;

/** 2019-12-01, the first day of the window. */
export const FIRST_WINDOW_ISO = "2019-12-01";
export const FIRST_WINDOW_DAY = Date.UTC(2019, 11, 1) / DAY_MS; // 18231
/** Days after today (UTC) that are still inside the window. */
export const WINDOW_DAYS_AHEAD = 1;

/** The last day of the window (tomorrow, UTC) as a day number. */
export function lastWindowDay(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / DAY_MS) + WINDOW_DAYS_AHEAD;
}

/** True when `day` (days since 1970-01-01) is an integer inside the window. */
export function isDayInWindow(day: number, nowMs: number = Date.now()): boolean {
  return Number.isInteger(day) && day >= FIRST_WINDOW_DAY && day <= lastWindowDay(nowMs);
}

/** YYYY-MM-DD of a day number. */
export function isoOfWindowDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Why `day` is outside the window, for quarantine reasons and validation messages. */
export function outsideWindowReason(what: string, day: number, nowMs: number = Date.now()): string {
  const shown = Number.isFinite(day) && Math.abs(day) < 1e8 ? isoOfWindowDay(day) : String(day);
  return `${what} ${shown} is outside the date window ${FIRST_WINDOW_ISO} … ${isoOfWindowDay(lastWindowDay(nowMs))}`;
}

/**
 * Day number of a YYYY-MM-DD date inside the window, or null: a malformed date, an impossible
 * one (2021-02-30), or one outside the window.
 */
export function windowDayOfIso(iso: string, nowMs: number = Date.now()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  const day = ms / DAY_MS;
  return isDayInWindow(day, nowMs) ? day : null;
}

/** True when an instant (epoch ms) falls on a day inside the window. */
export function isInstantInWindow(ms: number, nowMs: number = Date.now()): boolean {
  return Number.isFinite(ms) && isDayInWindow(Math.floor(ms / DAY_MS), nowMs);
}
