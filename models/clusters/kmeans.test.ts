import { describe, expect, test } from "bun:test";
import { kMeans } from "./kmeans.ts";
import { adjustedRandIndex } from "./adjustedRand.ts";
import { blobs } from "./testSupport.ts";
import { ClusterInputError } from "./errors.ts";

describe("k-means++ with restarts", () => {
  const { matrix, truth } = blobs(
    [
      [0, 0],
      [10, 0],
      [0, 10],
      [10, 10],
    ],
    40,
    1,
    3,
  );

  test("well-separated blobs are recovered exactly (ARI = 1)", () => {
    const r = kMeans(matrix, 4, { seed: 1 });
    expect(adjustedRandIndex(r.labels, truth)).toBe(1);
    expect(r.iterations).toBeGreaterThan(0);
    // Each centroid sits within the blob's noise of a true centre.
    for (let c = 0; c < 4; c++) {
      const x = r.centroids[2 * c];
      const y = r.centroids[2 * c + 1];
      expect(Math.min(Math.hypot(x, y), Math.hypot(x - 10, y), Math.hypot(x, y - 10), Math.hypot(x - 10, y - 10))).toBeLessThan(0.5);
    }
  });

  test("deterministic: the same seed gives the same labels and inertia", () => {
    const a = kMeans(matrix, 3, { seed: 11 });
    const b = kMeans(matrix, 3, { seed: 11 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
  });

  test("duplicate points (where a cluster can end up empty) still give k non-empty clusters", () => {
    const data = Float64Array.of(0, 0, 0, 0, 0, 0, 5, 5, 5, 5);
    const r = kMeans({ data, rows: 5, cols: 2 }, 3, { seed: 2, restarts: 3 });
    const sizes = [0, 0, 0];
    for (const l of r.labels) sizes[l]++;
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(r.inertia).toBe(0);
    expect(r.iterations).toBeLessThan(100); // converges instead of trading rows until the cap
  });

  test("bad arguments are named errors", () => {
    expect(() => kMeans(matrix, 0)).toThrow(ClusterInputError);
    expect(() => kMeans(matrix, matrix.rows + 1)).toThrow(ClusterInputError);
    expect(() => kMeans({ data: Float64Array.of(1, Number.NaN), rows: 1, cols: 2 }, 1)).toThrow(ClusterInputError);
    expect(() => kMeans({ data: Float64Array.of(1, 2, 3), rows: 2, cols: 2 }, 1)).toThrow(ClusterInputError);
  });
});
