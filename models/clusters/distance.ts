// Squared Euclidean distance between row i of `a` and row j of `b` (both with `cols` columns).
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, cols: number): number {
  let s = 0;
  const ai = i * cols;
  const bj = j * cols;
  for (let c = 0; c < cols; c++) {
    const d = a[ai + c] - b[bj + c];
    s += d * d;
  }
  return s;
}
