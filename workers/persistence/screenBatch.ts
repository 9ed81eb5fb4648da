// The last guard before storage: a region-day (or region-week) whose date is outside the window
// or whose value is non-finite or beyond ±10^10 is taken out of its batch and stored as a
// quarantine row of that same batch, in the same transaction. The adapters and the reports
// worker already quarantine such rows; this catches a message from before they did (or from a
// publisher that skips them), so storage never refuses a whole batch over one cell.
import { isDayInWindow, isoOfWindowDay, outsideWindowReason } from "../../domain/mod.ts";
import { isStorableFigure, MAX_FIGURE } from "../../domain/mod.ts";
import type { WeeklyColumns } from "../../domain/mod.ts";
import type { QuarantineRecord } from "../../sql/mod.ts";

type RegionDayColumns = { regionId: Int32Array; day: Int32Array };

export interface Screened<C> {
  columns: C;
  /** Quarantine rows for what was taken out; line = 1-based position in the batch. */
  dropped: QuarantineRecord[];
}

const PREFIX = "dropped before storage: ";

function figureReason(key: string, v: number): string {
  return `${PREFIX}out-of-range value ${v} for ${key}: not a finite number within ±${MAX_FIGURE}`;
}

/** Keeps the rows `keep` marks, in every typed-array (or array) column of `c`. */
function filterColumns<C extends object>(c: C, keep: Uint8Array, kept: number): C {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(c)) {
    if (ArrayBuffer.isView(col) || Array.isArray(col)) {
      const src = col as unknown as ArrayLike<unknown>;
      const dst: { [i: number]: unknown } = Array.isArray(col) ? new Array(kept) : new (col.constructor as new (n: number) => { [i: number]: unknown })(kept);
      for (let i = 0, k = 0; i < src.length; i++) if (keep[i]) dst[k++] = src[i];
      out[key] = dst;
    } else out[key] = col;
  }
  return out as C;
}

/** Observation or mobility columns: every Float64Array column is a value column. */
export function screenRegionDays<C extends RegionDayColumns>(c: C, jobId: string, source: string, nowMs: number = Date.now()): Screened<C> {
  const n = c.regionId.length;
  const values = Object.entries(c as object).filter((e): e is [string, Float64Array] => e[1] instanceof Float64Array);
  let keep: Uint8Array | null = null;
  const dropped: QuarantineRecord[] = [];
  for (let i = 0; i < n; i++) {
    let reason: string | null = isDayInWindow(c.day[i], nowMs) ? null : PREFIX + outsideWindowReason("day", c.day[i], nowMs);
    for (let j = 0; reason === null && j < values.length; j++) {
      const v = values[j][1][i];
      if (!isStorableFigure(v)) reason = figureReason(values[j][0], v);
    }
    if (reason === null) continue;
    keep ??= new Uint8Array(n).fill(1);
    keep[i] = 0;
    const raw = { regionId: c.regionId[i], day: dayText(c.day[i]), ...Object.fromEntries(values.map(([k, col]) => [k, String(col[i])])) };
    dropped.push({ jobId, source, line: i + 1, raw: JSON.stringify(raw), reason });
  }
  return keep ? { columns: filterColumns(c, keep, n - dropped.length), dropped } : { columns: c, dropped };
}

export function screenWeekly(c: WeeklyColumns, jobId: string, source: string, nowMs: number = Date.now()): Screened<WeeklyColumns> {
  const n = c.regionId.length;
  let keep: Uint8Array | null = null;
  const dropped: QuarantineRecord[] = [];
  for (let i = 0; i < n; i++) {
    const reason = !isDayInWindow(c.weekEnd[i], nowMs)
      ? PREFIX + outsideWindowReason("weekEnd", c.weekEnd[i], nowMs)
      : !isDayInWindow(c.asOf[i], nowMs)
        ? PREFIX + outsideWindowReason("asOf", c.asOf[i], nowMs)
        : !isStorableFigure(c.value[i])
          ? figureReason("value", c.value[i])
          : null;
    if (reason === null) continue;
    keep ??= new Uint8Array(n).fill(1);
    keep[i] = 0;
    const raw = { metric: c.metric, regionId: c.regionId[i], weekEnd: dayText(c.weekEnd[i]), asOf: dayText(c.asOf[i]), value: String(c.value[i]) };
    dropped.push({ jobId, source, line: i + 1, raw: JSON.stringify(raw), reason });
  }
  return keep ? { columns: filterColumns(c, keep, n - dropped.length), dropped } : { columns: c, dropped };
}

function dayText(day: number): string {
  return Math.abs(day) < 1e8 ? isoOfWindowDay(day) : String(day);
}
