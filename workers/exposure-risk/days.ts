// Day numbers (days since 1970-01-01 UTC) ↔ ISO dates. Formatting is memoized: answers format
// the same few hundred days over and over, and toISOString is a visible cost per answer.
const DAY_MS = 86_400_000;
const isoCache = new Map<number, string>();

export const dayOfIso = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);

export function isoOfDay(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoCache.size < 100_000) isoCache.set(day, iso);
  }
  return iso;
}
