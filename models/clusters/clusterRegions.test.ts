import { describe, expect, test } from "bun:test";
import { clusterRegions } from "./clusterRegions.ts";
import { adjustedRandIndex } from "./adjustedRand.ts";
import { relabelByScore } from "./riskOrder.ts";
import { standardize } from "./standardize.ts";
import { blobs } from "./testSupport.ts";
import { ClusterInputError } from "./errors.ts";

describe("risk clusters of regions", () => {
  // Feature 0: case density (risk), feature 1: on a much larger scale, to exercise z-scoring.
  const { matrix, truth } = blobs(
    [
      [2, 1000],
      [40, 5000],
      [15, 9000],
    ],
    30,
    1,
    9,
  );

  test("chooses the true k by silhouette, recovers the blobs, orders by risk", () => {
    const r = clusterRegions(matrix, { riskFeature: 0, seed: 4 });
    expect(r.k).toBe(3);
    expect(adjustedRandIndex(r.labels, truth)).toBe(1);
    expect(Array.from(r.riskScores).map(Math.round)).toEqual([2, 15, 40]);
    // Blob 0 (density 2) is cluster 0, blob 2 (density 15) cluster 1, blob 1 (density 40) cluster 2.
    expect(r.labels[0]).toBe(0);
    expect(r.labels[30]).toBe(2);
    expect(r.labels[60]).toBe(1);
    expect(r.centroids[2 * 2 + 1]).toBeCloseTo(5000, -1); // centroids in original units
    expect(r.stability).toBe(1);
    expect(r.silhouette).toBeGreaterThan(0.8);
    expect(r.calinskiHarabasz).toBeGreaterThan(100);
    expect(r.silhouetteByK.length).toBe(7);
    expect(r.silhouetteByK[1]).toBe(r.silhouette);
  });

  test("deterministic for a seed", () => {
    const a = clusterRegions(matrix, { riskFeature: 0, seed: 4, kMax: 5 });
    const b = clusterRegions(matrix, { riskFeature: 0, seed: 4, kMax: 5 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });

  test("relabelByScore: ascending scores, ties stable", () => {
    const r = relabelByScore(Int32Array.of(0, 1, 2, 2), Float64Array.of(5, 1, 5));
    expect(Array.from(r.labels)).toEqual([1, 0, 2, 2]);
    expect(Array.from(r.order)).toEqual([1, 0, 2]);
  });

  test("z-scores: mean 0, sd 1, a constant column becomes 0", () => {
    const s = standardize({ data: Float64Array.of(1, 7, 3, 7), rows: 2, cols: 2 });
    expect(Array.from(s.matrix.data)).toEqual([-1, 0, 1, 0]);
    expect(Array.from(s.mean)).toEqual([2, 7]);
    expect(Array.from(s.std)).toEqual([1, 0]);
  });

  test("bad options are named errors", () => {
    expect(() => clusterRegions(matrix, { riskFeature: 2 })).toThrow(ClusterInputError);
    expect(() => clusterRegions(matrix, { riskFeature: 0, kMin: 1 })).toThrow(ClusterInputError);
  });
});
