// Collects the region-weeks of one weekly metric, then hands them out sorted by (region, week,
// publication) in batches that never split one region-week's versions: storage compares each
// version with the one before it, and a batch that holds them all decides that in one place.
import type { WeeklyColumns, WeeklyMetric } from "../../domain/weekly.ts";

/** Region-weeks per weekly event: 16384 × (22 bytes + a short reason) stays far under NATS's 1 MB. */
export const MAX_WEEKLY_ROWS_PER_EVENT = 16_384;

export class WeeklyRows {
  private n = 0;
  private regionId = new Int32Array(1024);
  private weekEnd = new Int32Array(1024);
  private asOf = new Int32Array(1024);
  private value = new Float64Array(1024);
  private level = new Int8Array(1024);
  private trend = new Int8Array(1024);
  private reason: (string | null)[] = [];
  private readonly keys = new Set<string>();

  constructor(readonly metric: WeeklyMetric) {}

  get length(): number {
    return this.n;
  }

  /** Adds one version; false (nothing added) when this (region, week, asOf) is already in. */
  push(regionId: number, weekEnd: number, asOf: number, value: number, level: number, trend: number, reason: string | null): boolean {
    const key = `${regionId}|${weekEnd}|${asOf}`;
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.n === this.regionId.length) this.grow();
    const i = this.n++;
    this.regionId[i] = regionId;
    this.weekEnd[i] = weekEnd;
    this.asOf[i] = asOf;
    this.value[i] = value;
    this.level[i] = level;
    this.trend[i] = trend;
    this.reason[i] = reason;
    return true;
  }

  /** Sorted batches of at most maxRows (more only when one region-week alone has more versions). */
  *batches(maxRows: number): Generator<WeeklyColumns> {
    const { n, regionId: r, weekEnd: w, asOf: a } = this;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => r[x] - r[y] || w[x] - w[y] || a[x] - a[y]);
    let start = 0;
    while (start < n) {
      let end = Math.min(start + maxRows, n);
      if (end < n) {
        // Move the cut back to a region-week boundary, unless the group fills the whole batch.
        let cut = end;
        while (cut > start && r[order[cut]] === r[order[cut - 1]] && w[order[cut]] === w[order[cut - 1]]) cut--;
        if (cut > start) end = cut;
        else while (end < n && r[order[end]] === r[order[end - 1]] && w[order[end]] === w[order[end - 1]]) end++;
      }
      yield this.take(order.subarray(start, end));
      start = end;
    }
  }

  private take(idx: Int32Array): WeeklyColumns {
    const m = idx.length;
    const out: WeeklyColumns = {
      metric: this.metric,
      regionId: new Int32Array(m),
      weekEnd: new Int32Array(m),
      asOf: new Int32Array(m),
      value: new Float64Array(m),
      level: new Int8Array(m),
      trend: new Int8Array(m),
      missingReason: new Array(m),
    };
    for (let j = 0; j < m; j++) {
      const i = idx[j];
      out.regionId[j] = this.regionId[i];
      out.weekEnd[j] = this.weekEnd[i];
      out.asOf[j] = this.asOf[i];
      out.value[j] = this.value[i];
      out.level[j] = this.level[i];
      out.trend[j] = this.trend[i];
      out.missingReason[j] = this.reason[i];
    }
    return out;
  }

  private grow(): void {
    const size = this.regionId.length * 2;
    const grow = <T extends Int32Array | Float64Array | Int8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a as never);
      return b;
    };
    this.regionId = grow(this.regionId, (k) => new Int32Array(k));
    this.weekEnd = grow(this.weekEnd, (k) => new Int32Array(k));
    this.asOf = grow(this.asOf, (k) => new Int32Array(k));
    this.value = grow(this.value, (k) => new Float64Array(k));
    this.level = grow(this.level, (k) => new Int8Array(k));
    this.trend = grow(this.trend, (k) => new Int8Array(k));
  }
}

/** Batch size of a weekly adapter: the caller's batchValues, capped for the payload limit. */
export function weeklyBatchRows(batchValues: number): number {
  return Math.max(1, Math.min(batchValues, MAX_WEEKLY_ROWS_PER_EVENT));
}
