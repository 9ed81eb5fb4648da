// Mean WIS, MAE of the median and central-interval coverage over many forecasts at once.
import { intervalLayout, weightedIntervalScore } from "./intervalScore.ts";
import { ScoringInputError } from "./errors.ts";
import type { IntervalLayout, ScoreSummary } from "./types.ts";

/**
 * WIS of each of n forecasts stored row-major in `values` (n × levels.length) against
 * truth[i]. NaN truth or NaN quantiles give NaN (not scored), never a silent 0.
 */
export function wisMany(levels: ArrayLike<number>, values: Float64Array, truth: Float64Array): Float64Array {
  const layout = intervalLayout(levels);
  const width = levels.length;
  checkShape(values, truth, width);
  const out = new Float64Array(truth.length);
  for (let i = 0; i < truth.length; i++) out[i] = weightedIntervalScore(layout, values, truth[i], i * width);
  return out;
}

/** Means over the forecasts whose truth and quantiles are known. */
export function summarizeScores(levels: ArrayLike<number>, values: Float64Array, truth: Float64Array): ScoreSummary {
  const layout = intervalLayout(levels);
  const width = levels.length;
  checkShape(values, truth, width);
  const i50 = intervalIndex(layout, levels, 0.5);
  const i95 = intervalIndex(layout, levels, 0.05);
  let wis = 0;
  let mae = 0;
  let in50 = 0;
  let in95 = 0;
  let n = 0;
  for (let i = 0; i < truth.length; i++) {
    const y = truth[i];
    const off = i * width;
    const w = weightedIntervalScore(layout, values, y, off);
    if (Number.isNaN(w)) continue;
    n++;
    wis += w;
    mae += Math.abs(y - values[off + layout.medianIndex]);
    if (y >= values[off + layout.lowerIndex[i50]] && y <= values[off + layout.upperIndex[i50]]) in50++;
    if (y >= values[off + layout.lowerIndex[i95]] && y <= values[off + layout.upperIndex[i95]]) in95++;
  }
  return n === 0
    ? { wis: Number.NaN, mae: Number.NaN, coverage50: Number.NaN, coverage95: Number.NaN, n: 0 }
    : { wis: wis / n, mae: mae / n, coverage50: in50 / n, coverage95: in95 / n, n };
}

function intervalIndex(layout: IntervalLayout, levels: ArrayLike<number>, alpha: number): number {
  for (let k = 0; k < layout.alphas.length; k++) if (Math.abs(layout.alphas[k] - alpha) < 1e-9) return k;
  throw new ScoringInputError(`levels ${Array.from(levels).join(",")} have no ${100 * (1 - alpha)}% central interval`);
}

function checkShape(values: Float64Array, truth: Float64Array, width: number): void {
  if (values.length !== truth.length * width) {
    throw new ScoringInputError(`expected ${truth.length} × ${width} quantile values, got ${values.length}`);
  }
}
