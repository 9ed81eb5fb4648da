// Types of the clusters sub-package. A feature matrix is row-major: row i (one region) is
// data[i·cols … i·cols + cols).

export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export interface KMeansOptions {
  seed?: number;
  /** Independent k-means++ starts; the lowest inertia wins. */
  restarts?: number;
  maxIterations?: number;
}

export interface KMeansResult {
  k: number;
  labels: Int32Array;
  /** k × cols, row-major. */
  centroids: Float64Array;
  /** Σ squared distance of each row to its centroid. */
  inertia: number;
  /** Lloyd iterations of the winning start. */
  iterations: number;
}

export interface Standardized {
  matrix: Matrix;
  mean: Float64Array;
  /** Population standard deviation per column; 0 for a constant column (its z-scores are 0). */
  std: Float64Array;
}

export interface ClusterRegionsOptions extends KMeansOptions {
  /** Column whose (un-standardised) centroid value ranks clusters from lowest to highest risk. */
  riskFeature: number;
  kMin?: number;
  kMax?: number;
  /** Silhouette is computed on at most this many rows (deterministic sample), as it is O(n²). */
  silhouetteSampleSize?: number;
}

export interface ClusterRegionsResult {
  k: number;
  /** 0 = lowest-risk cluster … k − 1 = highest. */
  labels: Int32Array;
  /** k × cols centroids in the original units, in risk order. */
  centroids: Float64Array;
  /** Risk score (centroid value of riskFeature) per cluster, ascending. */
  riskScores: Float64Array;
  silhouette: number;
  calinskiHarabasz: number;
  /** Adjusted Rand index between this labelling and a run with another seed (1 = stable). */
  stability: number;
  /** Mean silhouette of every k tried (index 0 ↔ kMin). */
  silhouetteByK: Float64Array;
}
