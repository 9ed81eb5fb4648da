// Synthetic well-separated blobs for cluster tests.
import { mulberry32 } from "../stats/random.ts";
import type { Matrix } from "./types.ts";

/** `perBlob` points around each centre (row-major centres of `cols` values), uniform noise ±spread. */
export function blobs(centres: number[][], perBlob: number, spread: number, seed: number): { matrix: Matrix; truth: Int32Array } {
  const cols = centres[0].length;
  const rows = centres.length * perBlob;
  const data = new Float64Array(rows * cols);
  const truth = new Int32Array(rows);
  const random = mulberry32(seed);
  for (let b = 0; b < centres.length; b++) {
    for (let p = 0; p < perBlob; p++) {
      const r = b * perBlob + p;
      truth[r] = b;
      for (let c = 0; c < cols; c++) data[r * cols + c] = centres[b][c] + (random() * 2 - 1) * spread;
    }
  }
  return { matrix: { data, rows, cols }, truth };
}
