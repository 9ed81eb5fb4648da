// The common /v1/risk query read straight from the URL: `lat`, `lon` as plain decimals in range
// and `groupSize` as a plain whole number (or absent), nothing else that the route reads. Such a
// query is exactly what the zod schema would accept, with the same values; anything else (a
// date, an unusual spelling, a repeated or out-of-range parameter) returns null and goes through
// the OpenAPI route's zod validation, which answers it — or rejects it with its 400 problem.
// Each request is validated once, by one of the two. An accepted query also passes every check of
// strictNumbers (middleware/strictNumbers.ts), which the fast path runs before.
import type { RiskPoint } from "./riskCache.ts";

const DECIMAL = /^-?\d{1,3}(\.\d{1,17})?$/;
const WHOLE = /^\d{1,6}$/;
const DEFAULT_GROUP_SIZE = 10;

/** The value of the pair at [from, to) when its key is `key` (the text after "="), else null. */
function valueIf(url: string, from: number, to: number, key: string): string | null {
  const eq = from + key.length;
  return eq < to && url.charCodeAt(eq) === 61 /* = */ && url.startsWith(key, from) ? url.slice(eq + 1, to) : null;
}

export function fastRiskQuery(url: string): RiskPoint | null {
  const qs = url.indexOf("?");
  if (qs < 0) return null;
  let lat: string | undefined;
  let lon: string | undefined;
  let group: string | undefined;
  // Pair by pair, without splitting the query into arrays: this runs on every request.
  for (let from = qs + 1; from <= url.length; ) {
    let to = url.indexOf("&", from);
    if (to < 0) to = url.length;
    let v: string | null;
    if ((v = valueIf(url, from, to, "lat")) !== null) {
      if (lat !== undefined) return null;
      lat = v;
    } else if ((v = valueIf(url, from, to, "lon")) !== null) {
      if (lon !== undefined) return null;
      lon = v;
    } else if ((v = valueIf(url, from, to, "groupSize")) !== null) {
      if (group !== undefined) return null;
      group = v;
    } else {
      const eq = url.indexOf("=", from);
      const key = url.slice(from, eq >= 0 && eq < to ? eq : to);
      // A bare "lat" (no "="), a date (calendar check), another number strictNumbers checks on
      // every /v1/* route, or a key that may decode to one of ours: the full path's turn.
      if (key === "lat" || key === "lon" || key === "groupSize" || key === "date" || key === "limit" || key === "wait" || key.includes("%") || key.includes("+")) return null;
    }
    from = to + 1;
  }
  if (lat === undefined || lon === undefined || !DECIMAL.test(lat) || !DECIMAL.test(lon)) return null;
  const la = Number(lat);
  const lo = Number(lon);
  if (la < -90 || la > 90 || lo < -180 || lo > 180) return null;
  let groupSize = DEFAULT_GROUP_SIZE;
  if (group !== undefined) {
    if (!WHOLE.test(group)) return null;
    groupSize = Number(group);
    if (groupSize < 1 || groupSize > 100_000) return null;
  }
  return { lat: la, lon: lo, groupSize };
}
