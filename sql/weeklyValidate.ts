// Input checks of a weekly batch (domain/weekly.ts WeeklyColumns), run before any SQL.
import { dayOfIso, ED_LEVELS, ED_TRENDS, WEEKLY_METRICS, type WeeklyColumns, type WeeklyMetric } from "../domain/mod.ts";
import { DuplicateKeyInBatchError, InvalidBatchError } from "./errors.ts";
import { checkDaysInWindow } from "./validate.ts";

const MAX_REASON = 200;

export function checkWeeklyMetric(metric: WeeklyMetric): void {
  if (!WEEKLY_METRICS.includes(metric)) throw new InvalidBatchError(`unknown weekly metric "${String(metric)}" (expected ${WEEKLY_METRICS.join(", ")})`);
}

/** The day number of a "YYYY-MM-DD" date; InvalidBatchError for anything else. */
export function checkDate(iso: string, what: string): number {
  const day = typeof iso === "string" ? dayOfIso(iso) : Number.NaN;
  if (Number.isNaN(day)) throw new InvalidBatchError(`${what} must be a YYYY-MM-DD date, got ${String(iso)}`);
  return day;
}

export function checkWeeklyColumns(c: WeeklyColumns): void {
  if (c === null || typeof c !== "object") throw new InvalidBatchError("weekly columns must be an object");
  checkWeeklyMetric(c.metric);
  const n = c.regionId?.length;
  const typed: [string, unknown, typeof Int32Array | typeof Float64Array | typeof Int8Array][] = [
    ["regionId", c.regionId, Int32Array],
    ["weekEnd", c.weekEnd, Int32Array],
    ["asOf", c.asOf, Int32Array],
    ["value", c.value, Float64Array],
    ["level", c.level, Int8Array],
    ["trend", c.trend, Int8Array],
  ];
  for (const [name, col, kind] of typed) {
    if (!(col instanceof kind)) throw new InvalidBatchError(`${name} must be a ${kind.name}`);
    if ((col as ArrayLike<number>).length !== n) throw new InvalidBatchError(`${name} has ${(col as ArrayLike<number>).length} values, regionId has ${n}`);
  }
  if (!Array.isArray(c.missingReason) || c.missingReason.length !== n) throw new InvalidBatchError(`missingReason must be an array of ${n} strings or nulls`);
  checkDaysInWindow(c.weekEnd, "weekEnd");
  checkDaysInWindow(c.asOf, "asOf");
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const v = c.value[i];
    if (v === Infinity || v === -Infinity) throw new InvalidBatchError(`value[${i}] is ${v}; values must be finite (NaN = missing)`);
    if (c.level[i] < -1 || c.level[i] >= ED_LEVELS.length) throw new InvalidBatchError(`level[${i}] is ${c.level[i]}; expected -1 … ${ED_LEVELS.length - 1}`);
    if (c.trend[i] < -1 || c.trend[i] >= ED_TRENDS.length) throw new InvalidBatchError(`trend[${i}] is ${c.trend[i]}; expected -1 … ${ED_TRENDS.length - 1}`);
    const r = c.missingReason[i];
    if (r !== null && (typeof r !== "string" || r.length === 0 || r.length > MAX_REASON || r.includes("\u0000"))) {
      throw new InvalidBatchError(`missingReason[${i}] must be null or a non-empty string of at most ${MAX_REASON} characters`);
    }
    const key = `${c.regionId[i]}|${c.weekEnd[i]}|${c.asOf[i]}`;
    if (keys.has(key)) throw new DuplicateKeyInBatchError(`region ${c.regionId[i]}, week ${c.weekEnd[i]}, as of ${c.asOf[i]} appears twice in one batch`);
    keys.add(key);
  }
}
