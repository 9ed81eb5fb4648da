import { describe, expect, test } from "bun:test";
import { mean, silhouette } from "simple-statistics";
import { mulberry32 } from "../stats/random.ts";
import { calinskiHarabasz, meanSilhouette } from "./quality.ts";
import { adjustedRandIndex } from "./adjustedRand.ts";
import { ClusterInputError } from "./errors.ts";

// 1-D points 0, 2, 10, 12 in clusters {0, 2} and {10, 12}.
const m = { data: Float64Array.of(0, 2, 10, 12), rows: 4, cols: 1 };
const labels = Int32Array.of(0, 0, 1, 1);

describe("cluster quality", () => {
  test("silhouette by hand: s = 9/11, 7/9, 7/9, 9/11", () => {
    // Point 0: a = 2, b = (10 + 12)/2 = 11 → 9/11; point 2: a = 2, b = (8 + 10)/2 = 9 → 7/9; symmetric.
    expect(meanSilhouette(m, labels, 2)).toBeCloseTo((9 / 11 + 7 / 9) / 2, 12);
    // A bad partition scores lower.
    expect(meanSilhouette(m, Int32Array.of(0, 1, 0, 1), 2)).toBeLessThan(0);
  });

  test("sampled silhouette is deterministic and close on a larger set", () => {
    const n = 400;
    const data = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 20) + (i % 10) / 10);
    const lab = Int32Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
    const big = { data, rows: n, cols: 1 };
    const exact = meanSilhouette(big, lab, 2);
    const a = meanSilhouette(big, lab, 2, 100, 5);
    expect(meanSilhouette(big, lab, 2, 100, 5)).toBe(a);
    expect(Math.abs(a - exact)).toBeLessThan(0.01);
  });

  test("agrees with simple-statistics' silhouette", () => {
    const random = mulberry32(3);
    const rows = 60;
    const data = Float64Array.from({ length: rows * 2 }, (_, i) => random() + (Math.floor(i / 2) % 3));
    const lab = Int32Array.from({ length: rows }, (_, i) => i % 3);
    const points = Array.from({ length: rows }, (_, i) => [data[2 * i], data[2 * i + 1]]);
    expect(meanSilhouette({ data, rows, cols: 2 }, lab, 3)).toBeCloseTo(mean(silhouette(points, Array.from(lab))), 12);
  });

  test("Calinski–Harabasz by hand: B = 100, W = 4 → (100/1)/(4/2) = 50", () => {
    expect(calinskiHarabasz(m, labels, 2)).toBeCloseTo(50, 12);
    expect(Number.isNaN(calinskiHarabasz(m, Int32Array.of(0, 0, 0, 0), 1))).toBe(true);
  });

  test("adjusted Rand index by hand: 8/33", () => {
    // Contingency: {a0: b0 2, b1 1}, {a1: b1 1, b2 2}; Σ C(n_ij,2) = 2, rows ΣC = 6, cols ΣC = 3,
    // C(6,2) = 15 → E = 1.2, max = 4.5 → (2 − 1.2) / (4.5 − 1.2) = 8/33.
    expect(adjustedRandIndex(Int32Array.of(0, 0, 0, 1, 1, 1), Int32Array.of(0, 0, 1, 1, 2, 2))).toBeCloseTo(8 / 33, 12);
    expect(adjustedRandIndex(Int32Array.of(0, 0, 1, 1), Int32Array.of(1, 1, 0, 0))).toBe(1); // renaming
    expect(adjustedRandIndex(Int32Array.of(0, 0, 0), Int32Array.of(0, 0, 0))).toBe(1);
    expect(() => adjustedRandIndex(Int32Array.of(0), Int32Array.of(0, 1))).toThrow(ClusterInputError);
  });

  test("labels out of range are rejected", () => {
    expect(() => meanSilhouette(m, Int32Array.of(0, 0, 2, 1), 2)).toThrow(ClusterInputError);
  });
});
