// k-means (Lloyd) with k-means++ seeding (Arthur & Vassilvitskii 2007), several restarts and
// a seeded PRNG: the same seed gives the same labels on every machine. An empty cluster is
// re-seeded with the row farthest from its current centroid (deterministic, and it splits
// the worst-fitted region of the data) instead of failing as simple-statistics' does.
import { mulberry32, type Random } from "../stats/random.ts";
import { squaredDistance } from "./distance.ts";
import { checkMatrix } from "./standardize.ts";
import { ClusterInputError } from "./errors.ts";
import type { KMeansOptions, KMeansResult, Matrix } from "./types.ts";

export function kMeans(m: Matrix, k: number, opts: KMeansOptions = {}): KMeansResult {
  checkMatrix(m);
  if (!Number.isInteger(k) || k < 1 || k > m.rows) throw new ClusterInputError(`k must be an integer in 1 … ${m.rows}, got ${k}`);
  const restarts = opts.restarts ?? 10;
  const maxIterations = opts.maxIterations ?? 100;
  if (!Number.isInteger(restarts) || restarts < 1) throw new ClusterInputError(`restarts must be ≥ 1, got ${restarts}`);
  const random = mulberry32(opts.seed ?? 1);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const result = lloyd(m, k, seedPlusPlus(m, k, random), maxIterations);
    if (best === null || result.inertia < best.inertia - 1e-12 * Math.max(1, best.inertia)) best = result;
  }
  return best!;
}

/** k-means++: first centre uniform, each next one with probability ∝ squared distance to the nearest chosen centre. */
export function seedPlusPlus(m: Matrix, k: number, random: Random): Float64Array {
  const { data, rows, cols } = m;
  const centroids = new Float64Array(k * cols);
  const nearest = new Float64Array(rows).fill(Number.POSITIVE_INFINITY);
  let pick = Math.min(rows - 1, Math.floor(random() * rows));
  for (let c = 0; c < k; c++) {
    centroids.set(data.subarray(pick * cols, pick * cols + cols), c * cols);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const d = squaredDistance(data, i, centroids, c, cols);
      if (d < nearest[i]) nearest[i] = d;
      total += nearest[i];
    }
    if (c + 1 === k) break;
    if (total === 0) {
      pick = Math.min(rows - 1, Math.floor(random() * rows)); // all rows coincide with centres: any row will do
      continue;
    }
    let target = random() * total;
    pick = rows - 1;
    for (let i = 0; i < rows; i++) {
      target -= nearest[i];
      if (target < 0) {
        pick = i;
        break;
      }
    }
  }
  return centroids;
}

function lloyd(m: Matrix, k: number, centroids: Float64Array, maxIterations: number): KMeansResult {
  const { data, rows, cols } = m;
  const labels = new Int32Array(rows).fill(-1);
  const dist = new Float64Array(rows);
  const counts = new Int32Array(k);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    let changed = false;
    for (let i = 0; i < rows; i++) {
      // Ties keep the current cluster, so that coinciding centroids cannot trade rows forever.
      let bestC = labels[i] >= 0 ? labels[i] : 0;
      let bestD = squaredDistance(data, i, centroids, bestC, cols);
      for (let c = 0; c < k; c++) {
        const d = squaredDistance(data, i, centroids, c, cols);
        if (d < bestD) {
          bestD = d;
          bestC = c;
        }
      }
      dist[i] = bestD;
      if (labels[i] !== bestC) {
        labels[i] = bestC;
        changed = true;
      }
    }
    recomputeCentroids(m, labels, k, centroids, counts);
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0 && reseedEmpty(m, labels, dist, centroids, counts, c)) changed = true;
    }
    if (!changed) break;
  }
  let inertia = 0;
  for (let i = 0; i < rows; i++) inertia += squaredDistance(data, i, centroids, labels[i], cols);
  return { k, labels, centroids, inertia, iterations };
}

function recomputeCentroids(m: Matrix, labels: Int32Array, k: number, centroids: Float64Array, counts: Int32Array): void {
  const { data, rows, cols } = m;
  counts.fill(0);
  const sums = new Float64Array(k * cols);
  for (let i = 0; i < rows; i++) {
    const c = labels[i];
    counts[c]++;
    for (let j = 0; j < cols; j++) sums[c * cols + j] += data[i * cols + j];
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    for (let j = 0; j < cols; j++) centroids[c * cols + j] = sums[c * cols + j] / counts[c];
  }
}

/** Moves empty cluster c onto the row farthest from its centroid (taken from a cluster with ≥ 2 rows). */
function reseedEmpty(m: Matrix, labels: Int32Array, dist: Float64Array, centroids: Float64Array, counts: Int32Array, c: number): boolean {
  const { data, rows, cols } = m;
  let far = -1;
  for (let i = 0; i < rows; i++) if (counts[labels[i]] > 1 && (far < 0 || dist[i] > dist[far])) far = i;
  if (far < 0) return false;
  counts[labels[far]]--;
  labels[far] = c;
  counts[c] = 1;
  dist[far] = 0;
  centroids.set(data.subarray(far * cols, far * cols + cols), c * cols);
  return true;
}
