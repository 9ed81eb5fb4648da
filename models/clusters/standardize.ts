// z-scores per column, so that no feature dominates distances through its units.
import { mean as meanOf, standardDeviation } from "simple-statistics";
import { ClusterInputError } from "./errors.ts";
import type { Matrix, Standardized } from "./types.ts";

export function checkMatrix(m: Matrix): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 1) {
    throw new ClusterInputError(`bad matrix shape ${m.rows} × ${m.cols}`);
  }
  if (m.data.length !== m.rows * m.cols) {
    throw new ClusterInputError(`matrix data has ${m.data.length} values, expected ${m.rows} × ${m.cols}`);
  }
  for (let i = 0; i < m.data.length; i++) {
    if (!Number.isFinite(m.data[i])) {
      throw new ClusterInputError(`feature ${i % m.cols} of row ${Math.floor(i / m.cols)} is ${m.data[i]}; impute or drop the row first`);
    }
  }
}

export function standardize(m: Matrix): Standardized {
  checkMatrix(m);
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  // Population standard deviation (divides by n), as scikit-learn's StandardScaler. No rows: 0 and 0.
  for (let c = 0; rows > 0 && c < cols; c++) {
    const column = Array.from({ length: rows }, (_, i) => data[i * cols + c]);
    mean[c] = meanOf(column);
    std[c] = standardDeviation(column);
  }
  const z = new Float64Array(data.length);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) z[i * cols + c] = std[c] > 0 ? (data[i * cols + c] - mean[c]) / std[c] : 0;
  }
  return { matrix: { data: z, rows, cols }, mean, std };
}

/** Back to original units: x = z·std + mean, for a row-major block of `cols` columns. */
export function unstandardize(z: Float64Array, s: Standardized): Float64Array {
  const cols = s.mean.length;
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i] * s.std[i % cols] + s.mean[i % cols];
  return out;
}
