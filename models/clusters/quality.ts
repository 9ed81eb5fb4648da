// Cluster quality: mean silhouette (Rousseeuw 1987) and Calinski–Harabasz (1974).
import { mulberry32, shuffleInPlace } from "../stats/random.ts";
import { squaredDistance } from "./distance.ts";
import { ClusterInputError } from "./errors.ts";
import type { Matrix } from "./types.ts";

/**
 * Mean silhouette s(i) = (b − a) / max(a, b) with Euclidean distances; a row alone in its
 * cluster scores 0 (the usual convention). O(n²·cols): with more than `sampleSize` rows it
 * is computed on a seeded random subset of that size (as scikit-learn's sample_size does),
 * which keeps k = 2…8 on ~3,300 regions cheap and reproducible.
 * Ours, not simple-statistics' silhouette (quality.test.ts checks they agree): the library fills an
 * n × n matrix of arrays, 3–20× slower on a 2,000-row sample (bench/silhouette.ts).
 */
export function meanSilhouette(m: Matrix, labels: Int32Array, k: number, sampleSize = Number.POSITIVE_INFINITY, seed = 1): number {
  checkLabels(m, labels, k);
  const rows = sampledRows(m.rows, sampleSize, seed);
  const n = rows.length;
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[labels[rows[i]]]++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let a = 0; a < n; a++) {
    const i = rows[a];
    sums.fill(0);
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const j = rows[b];
      sums[labels[j]] += Math.sqrt(squaredDistance(m.data, i, m.data, j, m.cols));
    }
    const own = labels[i];
    if (size[own] <= 1) continue; // singleton: s = 0
    const within = sums[own] / (size[own] - 1);
    let nearest = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) nearest = Math.min(nearest, sums[c] / size[c]);
    if (!Number.isFinite(nearest)) continue; // only one cluster present
    const denom = Math.max(within, nearest);
    total += denom > 0 ? (nearest - within) / denom : 0;
  }
  return n === 0 ? Number.NaN : total / n;
}

/** CH = [B / (k − 1)] / [W / (n − k)]: between- over within-cluster dispersion. NaN for k < 2 or n ≤ k. */
export function calinskiHarabasz(m: Matrix, labels: Int32Array, k: number): number {
  checkLabels(m, labels, k);
  const { data, rows, cols } = m;
  if (k < 2 || rows <= k) return Number.NaN;
  const overall = new Float64Array(cols);
  const centroids = new Float64Array(k * cols);
  const size = new Int32Array(k);
  for (let i = 0; i < rows; i++) {
    size[labels[i]]++;
    for (let c = 0; c < cols; c++) {
      overall[c] += data[i * cols + c];
      centroids[labels[i] * cols + c] += data[i * cols + c];
    }
  }
  for (let c = 0; c < cols; c++) overall[c] /= rows;
  for (let j = 0; j < k; j++) for (let c = 0; c < cols; c++) if (size[j] > 0) centroids[j * cols + c] /= size[j];
  let between = 0;
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < cols; c++) between += size[j] * (centroids[j * cols + c] - overall[c]) ** 2;
  }
  let within = 0;
  for (let i = 0; i < rows; i++) within += squaredDistance(data, i, centroids, labels[i], cols);
  if (within === 0) return Number.POSITIVE_INFINITY;
  return between / (k - 1) / (within / (rows - k));
}

function sampledRows(n: number, sampleSize: number, seed: number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (n <= sampleSize) return all;
  shuffleInPlace(all, mulberry32(seed));
  return all.subarray(0, Math.max(2, Math.floor(sampleSize))).sort();
}

export function checkLabels(m: Matrix, labels: Int32Array, k: number): void {
  if (labels.length !== m.rows) throw new ClusterInputError(`${labels.length} labels for ${m.rows} rows`);
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] >= 0 && labels[i] < k)) throw new ClusterInputError(`label ${labels[i]} of row ${i} is outside 0 … ${k - 1}`);
  }
}
