// Small in-memory weekly series for the hosp model tests.
import type { WeeklySeries } from "../../../domain/mod.ts";

/** One row per (regionId, weekEnd, asOf, value). */
export function series(rows: Array<[number, number, number, number]>): WeeklySeries {
  const n = rows.length;
  return {
    regionId: Int32Array.from(rows, (r) => r[0]),
    weekEnd: Int32Array.from(rows, (r) => r[1]),
    asOf: Int32Array.from(rows, (r) => r[2]),
    value: Float64Array.from(rows, (r) => r[3]),
    level: new Int8Array(n).fill(-1),
    trend: new Int8Array(n).fill(-1),
    missingReason: new Array(n).fill(null),
  };
}
