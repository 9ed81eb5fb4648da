// The model's scale: z = log(admissions per 100k + offset), per region, with each region's
// last observed week, a Poisson-like noise scale (weights of the pooled fit) and its recent
// level (to find regions of similar size).
import type { WeekGrid } from "./grid.ts";
import { lastObserved } from "./grid.ts";
import type { HospModelOptions } from "./types.ts";

export interface Transformed {
  z: Float64Array;
  weeks: number;
  last: Int32Array;
  /** Weight of each region in the pooled fits: 1 / (noise scale)². */
  weight: Float64Array;
  /** log(recent mean count + 1). */
  level: Float64Array;
}

export function transform(g: WeekGrid, pop: Float64Array, o: HospModelOptions): Transformed {
  const n = g.regions.length;
  const z = new Float64Array(g.values.length);
  const last = new Int32Array(n);
  const weight = new Float64Array(n);
  const level = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const per = 1e5 / pop[i];
    for (let t = 0; t < g.weeks; t++) {
      const v = g.values[i * g.weeks + t];
      z[i * g.weeks + t] = Number.isFinite(v) ? Math.log(Math.max(0, v) * per + o.offset) : Number.NaN;
    }
    last[i] = lastObserved(g, i);
    let sum = 0;
    let k = 0;
    for (let t = last[i]; t >= 0 && k < 4; t--) {
      const v = g.values[i * g.weeks + t];
      if (Number.isFinite(v)) {
        sum += v;
        k++;
      }
    }
    const mean = k === 0 ? 0 : sum / k;
    // Poisson noise of a count x on log(x + c) is about 1/√(x + c), on top of a common floor.
    weight[i] = 1 / (o.noiseFloor ** 2 + 1 / (mean + o.offset / per + 1));
    level[i] = Math.log(mean + 1);
  }
  return { z, weeks: g.weeks, last, weight, level };
}

/** Regions ordered by closeness of recent level to region i (i first), `count` of them. */
export function nearestInLevel(t: Transformed, i: number, count: number): number[] {
  const order = Array.from(t.level.keys()).filter((j) => t.last[j] >= 0);
  order.sort((a, b) => Math.abs(t.level[a] - t.level[i]) - Math.abs(t.level[b] - t.level[i]) || a - b);
  return order.slice(0, Math.max(1, count));
}
