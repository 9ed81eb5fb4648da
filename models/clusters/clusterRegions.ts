// Risk clusters of regions: z-score the features, choose k in [kMin, kMax] by mean
// silhouette, run k-means++ with restarts, then name clusters from lowest to highest risk
// by their centroid's value (original units) on the designated risk feature.
import { adjustedRandIndex } from "./adjustedRand.ts";
import { kMeans } from "./kmeans.ts";
import { calinskiHarabasz, meanSilhouette } from "./quality.ts";
import { relabelByScore, reorderRows } from "./riskOrder.ts";
import { standardize, unstandardize } from "./standardize.ts";
import { ClusterInputError } from "./errors.ts";
import type { ClusterRegionsOptions, ClusterRegionsResult, KMeansResult, Matrix } from "./types.ts";

export function clusterRegions(features: Matrix, opts: ClusterRegionsOptions): ClusterRegionsResult {
  const s = standardize(features);
  const z = s.matrix;
  if (!Number.isInteger(opts.riskFeature) || opts.riskFeature < 0 || opts.riskFeature >= z.cols) {
    throw new ClusterInputError(`riskFeature ${opts.riskFeature} is not a column (0 … ${z.cols - 1})`);
  }
  const kMin = opts.kMin ?? 2;
  const kMax = Math.min(opts.kMax ?? 8, z.rows - 1);
  if (!Number.isInteger(kMin) || kMin < 2 || kMax < kMin) {
    throw new ClusterInputError(`need 2 ≤ kMin ≤ kMax < rows; got kMin ${kMin}, kMax ${opts.kMax ?? 8}, ${z.rows} rows`);
  }
  const seed = opts.seed ?? 1;
  const sample = opts.silhouetteSampleSize ?? 2000;
  const silhouetteByK = new Float64Array(kMax - kMin + 1);
  let best: KMeansResult | null = null;
  let bestSilhouette = Number.NEGATIVE_INFINITY;
  for (let k = kMin; k <= kMax; k++) {
    const run = kMeans(z, k, { ...opts, seed });
    const sil = meanSilhouette(z, run.labels, k, sample, seed);
    silhouetteByK[k - kMin] = sil;
    // Strictly greater: on a tie the smaller k wins (the simpler partition).
    if (sil > bestSilhouette) {
      bestSilhouette = sil;
      best = run;
    }
  }
  const chosen = best!;
  const centroids = unstandardize(chosen.centroids, s);
  const scores = new Float64Array(chosen.k);
  for (let c = 0; c < chosen.k; c++) scores[c] = centroids[c * z.cols + opts.riskFeature];
  const { labels, order } = relabelByScore(chosen.labels, scores);
  // Stability: the same k from an independent seed should give the same partition.
  const other = kMeans(z, chosen.k, { ...opts, seed: seed + 7919 });
  return {
    k: chosen.k,
    labels,
    centroids: reorderRows(centroids, z.cols, order),
    riskScores: Float64Array.from(order, (c) => scores[c]),
    silhouette: bestSilhouette,
    calinskiHarabasz: calinskiHarabasz(z, chosen.labels, chosen.k),
    stability: adjustedRandIndex(chosen.labels, other.labels),
    silhouetteByK,
  };
}
