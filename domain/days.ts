// Day numbers: days since 1970-01-01 (UTC), the project's `day` everywhere (columns, storage,
// models, answers). One function per conversion; a caller that must reject a bad date checks
// for NaN and throws its own error (a rejected row, an invalid batch, a bad flag).
export const DAY_MS = 86_400_000;

/** Day number of a calendar date, NaN when the date does not exist (2020-02-30, month 13). */
export function dayOfCivil(year: number, month: number, day: number): number {
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 2/30 over to 3/1: a round trip rejects impossible dates.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return Number.NaN;
  return ms / DAY_MS;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of "YYYY-MM-DD"; NaN for any other text or a date that does not exist. */
export function dayOfIso(iso: string): number {
  const m = ISO_DATE.exec(iso);
  return m ? dayOfCivil(Number(m[1]), Number(m[2]), Number(m[3])) : Number.NaN;
}

/** The UTC day of an instant (epoch milliseconds). */
export function dayOfTime(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

// Formatting is memoized: answers format the same few hundred days over and over, and
// toISOString is a visible cost per answer.
const isoCache = new Map<number, string>();
const ISO_CACHE_LIMIT = 100_000;

/** "YYYY-MM-DD" of a day number. */
export function isoOfDay(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoCache.size < ISO_CACHE_LIMIT) isoCache.set(day, iso);
  }
  return iso;
}
