// Why models/clusters/quality.ts keeps its own mean silhouette: ours against simple-statistics'
// silhouette on the sample size clusterRegions uses (2,000 of 3,300 rows, 3 features, k = 5).
//   ./node_modules/.bin/bun bench/silhouette.ts
import { mean, silhouette } from "simple-statistics";
import { meanSilhouette } from "../models/clusters/mod.ts";
import { mulberry32 } from "../models/stats/random.ts";

const rows = 2000;
const cols = 3;
const random = mulberry32(1);
const data = Float64Array.from({ length: rows * cols }, () => random());
const labels = Int32Array.from({ length: rows }, (_, i) => i % 5);
const points = Array.from({ length: rows }, (_, i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));

function best(f: () => number): { ms: number; value: number } {
  let ms = Number.POSITIVE_INFINITY;
  let value = Number.NaN;
  for (let rep = 0; rep < 5; rep++) {
    const t = performance.now();
    value = f();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, value };
}

const ours = best(() => meanSilhouette({ data, rows, cols }, labels, 5));
const library = best(() => mean(silhouette(points, Array.from(labels))));
console.log(
  `mean silhouette, ${rows} rows × ${cols}, k = 5, best of 5: ours ${ours.ms.toFixed(1)} ms, simple-statistics ${library.ms.toFixed(1)} ms; values ${ours.value} vs ${library.value}`,
);
