// Collects the region-weeks of one weekly metric, then hands them out sorted by (region, week,
// publication) in batches that never split one region-week's versions: storage compares each
// version with the one before it, and a batch that holds them all decides that in one place.
import { isoOfDay, type WeeklyColumns, type WeeklyMetric } from "../../domain/mod.ts";

/** Region-weeks per weekly event: 16384 × (22 bytes + a short reason) stays far under NATS's 1 MB. */
export const MAX_WEEKLY_ROWS_PER_EVENT = 16_384;

/** A row dropped because its (region, week, asOf) came earlier in the file. */
export interface Duplicate {
  origin: number;
  regionId: number;
  weekEnd: number;
  asOf: number;
}

/** The quarantine reason of a duplicate. */
export function duplicateReason(d: Duplicate): string {
  return `duplicate region-week: region ${d.regionId}, week ${isoOfDay(d.weekEnd)}, as of ${isoOfDay(d.asOf)} appears earlier in the file (the first is kept)`;
}

export class WeeklyRows {
  private n = 0;
  private regionId = new Int32Array(1024);
  private weekEnd = new Int32Array(1024);
  private asOf = new Int32Array(1024);
  private value = new Float64Array(1024);
  private level = new Int8Array(1024);
  private trend = new Int8Array(1024);
  /** Where each row came from (a line or row number), to name a duplicate. */
  private origin = new Int32Array(1024);
  private reason: (string | null)[] = [];
  private order: Int32Array | null = null;

  constructor(readonly metric: WeeklyMetric) {}

  get length(): number {
    return this.n;
  }

  push(regionId: number, weekEnd: number, asOf: number, value: number, level: number, trend: number, reason: string | null, origin: number): void {
    if (this.n === this.regionId.length) this.grow();
    const i = this.n++;
    this.regionId[i] = regionId;
    this.weekEnd[i] = weekEnd;
    this.asOf[i] = asOf;
    this.value[i] = value;
    this.level[i] = level;
    this.trend[i] = trend;
    this.reason[i] = reason;
    this.origin[i] = origin;
    this.order = null;
  }

  /**
   * Sorts by (region, week, asOf) and drops every repeat of a (region, week, asOf) after its
   * first occurrence in the file; returns the origins of the dropped rows. (Checking duplicates
   * once, after the sort, costs a fraction of a hash-set probe per row.)
   */
  finish(): Duplicate[] {
    const { n, regionId: r, weekEnd: w, asOf: a, origin: o } = this;
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => r[x] - r[y] || w[x] - w[y] || a[x] - a[y] || o[x] - o[y]);
    const dropped: Duplicate[] = [];
    let kept = 0;
    for (let j = 0; j < n; j++) {
      const i = order[j];
      if (kept > 0) {
        const p = order[kept - 1];
        if (r[p] === r[i] && w[p] === w[i] && a[p] === a[i]) {
          dropped.push({ origin: o[i], regionId: r[i], weekEnd: w[i], asOf: a[i] });
          continue;
        }
      }
      order[kept++] = i;
    }
    this.order = order.subarray(0, kept);
    return dropped.sort((x, y) => x.origin - y.origin);
  }

  /** Sorted batches of at most maxRows (more only when one region-week alone has more versions). */
  *batches(maxRows: number): Generator<WeeklyColumns> {
    if (this.order === null) this.finish();
    const order = this.order!;
    const { regionId: r, weekEnd: w } = this;
    const n = order.length;
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
    this.origin = grow(this.origin, (k) => new Int32Array(k));
  }
}

/** Batch size of a weekly adapter: the caller's batchValues, capped for the payload limit. */
export function weeklyBatchRows(batchValues: number): number {
  return Math.max(1, Math.min(batchValues, MAX_WEEKLY_ROWS_PER_EVENT));
}
