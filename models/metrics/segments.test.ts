import { describe, expect, test } from "bun:test";
import { regionSegments } from "./segments.ts";
import { SeriesLayoutError } from "./errors.ts";
import { computeDailyMetricsByRegion } from "./byRegion.ts";
import { computeDailyMetrics } from "./dailyMetrics.ts";

describe("region segments and all-regions metrics", () => {
  test("segments follow region changes", () => {
    const s = regionSegments(Int32Array.of(3, 3, 3, 8, 8), Int32Array.of(10, 11, 12, 5, 6));
    expect(Array.from(s.regionIds)).toEqual([3, 8]);
    expect(Array.from(s.firstDay)).toEqual([10, 5]);
    expect(Array.from(s.offsets)).toEqual([0, 3, 5]);
  });

  test("a gap or unsorted rows are named errors", () => {
    expect(() => regionSegments(Int32Array.of(1, 1), Int32Array.of(1, 3))).toThrow(SeriesLayoutError);
    expect(() => regionSegments(Int32Array.of(2, 1), Int32Array.of(1, 1))).toThrow(SeriesLayoutError);
  });

  test("by-region metrics equal per-region metrics row for row", () => {
    const n = 20;
    const a = Float64Array.from({ length: n }, (_, t) => t * t);
    const b = Float64Array.from({ length: n }, (_, t) => 3 * t);
    const regionId = Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? 1 : 2));
    const day = Int32Array.from({ length: 2 * n }, (_, i) => 100 + (i % n));
    const cum = new Float64Array(2 * n);
    cum.set(a);
    cum.set(b, n);
    const { metrics } = computeDailyMetricsByRegion({ regionId, day, cumCases: cum, cumDeaths: cum }, (id) => (id === 1 ? 1e5 : 2e5));
    const one = computeDailyMetrics(b, b, 2e5);
    expect(Array.from(metrics.caseDensity.subarray(n))).toEqual(Array.from(one.caseDensity));
    // The first region's last week does not leak into the second region's first days.
    expect(Number.isNaN(metrics.newCases7dAvg[n + 3])).toBe(true);
  });
});
