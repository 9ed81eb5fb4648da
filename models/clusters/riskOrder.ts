// Naming clusters by risk: cluster 0 is the lowest-risk one.
import { ClusterInputError } from "./errors.ts";

/**
 * Relabels so that cluster scores ascend: returns the new labels, and `order` where order[r]
 * is the old id of the cluster now labelled r. Ties keep the old order (stable).
 */
export function relabelByScore(labels: Int32Array, scores: Float64Array): { labels: Int32Array; order: Int32Array } {
  const k = scores.length;
  for (let c = 0; c < k; c++) if (Number.isNaN(scores[c])) throw new ClusterInputError(`risk score of cluster ${c} is NaN`);
  const order = Int32Array.from({ length: k }, (_, i) => i).sort((x, y) => scores[x] - scores[y] || x - y);
  const rank = new Int32Array(k);
  for (let r = 0; r < k; r++) rank[order[r]] = r;
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] >= 0 && labels[i] < k)) throw new ClusterInputError(`label ${labels[i]} of row ${i} has no score`);
    out[i] = rank[labels[i]];
  }
  return { labels: out, order };
}

/** Rows of a k × cols row-major block reordered by `order` (order[r] = old row now at r). */
export function reorderRows(block: Float64Array, cols: number, order: Int32Array): Float64Array {
  const out = new Float64Array(block.length);
  for (let r = 0; r < order.length; r++) out.set(block.subarray(order[r] * cols, order[r] * cols + cols), r * cols);
  return out;
}
