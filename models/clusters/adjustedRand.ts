// Adjusted Rand index (Hubert & Arabie 1985) between two labellings of the same rows:
// 1 = identical partitions (up to renaming), ≈ 0 = chance agreement, can be negative.
//   ARI = (Σ_ij C(n_ij, 2) − E) / (½(Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) − E),
//   E = Σ_i C(a_i, 2) · Σ_j C(b_j, 2) / C(n, 2)
import { ClusterInputError } from "./errors.ts";

export function adjustedRandIndex(a: Int32Array, b: Int32Array): number {
  if (a.length !== b.length) throw new ClusterInputError(`labellings have ${a.length} and ${b.length} rows`);
  const n = a.length;
  const ka = maxLabel(a) + 1;
  const kb = maxLabel(b) + 1;
  const table = new Float64Array(ka * kb);
  const rowSums = new Float64Array(ka);
  const colSums = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[a[i] * kb + b[i]]++;
    rowSums[a[i]]++;
    colSums[b[i]]++;
  }
  let index = 0;
  for (let i = 0; i < table.length; i++) index += pairs(table[i]);
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < ka; i++) sumA += pairs(rowSums[i]);
  for (let j = 0; j < kb; j++) sumB += pairs(colSums[j]);
  const expected = n < 2 ? 0 : (sumA * sumB) / pairs(n);
  const max = (sumA + sumB) / 2;
  // Both labellings trivial (one cluster each, or all singletons): they agree perfectly.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

function pairs(x: number): number {
  return (x * (x - 1)) / 2;
}

function maxLabel(labels: Int32Array): number {
  let m = -1;
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] >= 0)) throw new ClusterInputError(`label ${labels[i]} at row ${i} is negative`);
    if (labels[i] > m) m = labels[i];
  }
  return m;
}
