// Online calibration of the quantile width: the error quantiles of the last `errorOrigins`
// reference dates are multiplied by a factor w chosen, at each reference date, on the dates just
// before it — for each of the last `calibrationOrigins` past reference dates c, the quantiles
// made from the errors of the errorOrigins dates before c are scored (WIS, log scale, each region
// weighted by its recent count, as WIS on counts weighs large states) against c's own errors.
// Everything it uses was published by R − 3: a choice made in real time, not a tuned constant.
import { intervalLayout, weightedIntervalScore } from "../../evaluation/mod.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "../quantileLevels.ts";
import { quantileSorted7 } from "./quantile7.ts";

export const WIDEN_GRID: readonly number[] = Array.from({ length: 16 }, (_, k) => Math.round((0.5 + 0.1 * k) * 10) / 10);

/**
 * byOrigin[m][s] holds the errors (NaN = none) per region of the m-th most recent past date at
 * step s; weight[i] the region's weight. Returns, per step, the factor of WIDEN_GRID with the
 * lowest summed WIS (NaN for a step with nothing to score, and for step 0).
 */
export function chooseWiden(byOrigin: Float64Array[][], weight: Float64Array, errorOrigins: number, calibrationOrigins: number, steps: number): Float64Array {
  const out = new Float64Array(steps + 1).fill(Number.NaN);
  for (let s = 1; s <= steps; s++) out[s] = chooseAtStep(byOrigin, weight, errorOrigins, calibrationOrigins, s);
  return out;
}

function chooseAtStep(byOrigin: Float64Array[][], weight: Float64Array, errorOrigins: number, calibrationOrigins: number, s: number): number {
  const layout = intervalLayout(QUANTILE_LEVELS);
  const loss = new Float64Array(WIDEN_GRID.length);
  const q = new Float64Array(QUANTILE_COUNT);
  let scored = 0;
  // The most recent dates have no truth yet at long steps: go back far enough to find some.
  for (let c = 0, used = 0; used < calibrationOrigins && c < byOrigin.length; c++) {
    const ref: number[] = [];
    for (let m = c + 1; m <= c + errorOrigins && m < byOrigin.length; m++) {
      for (const e of byOrigin[m][s]) if (Number.isFinite(e)) ref.push(e, -e);
    }
    if (ref.length === 0) continue;
    const sorted = Float64Array.from(ref).sort();
    const base = QUANTILE_LEVELS.map((p) => quantileSorted7(sorted, p));
    const errs = byOrigin[c][s];
    if (errs.some(Number.isFinite)) used++;
    for (let i = 0; i < errs.length; i++) {
      if (!Number.isFinite(errs[i])) continue;
      scored++;
      for (let k = 0; k < WIDEN_GRID.length; k++) {
        for (let j = 0; j < QUANTILE_COUNT; j++) q[j] = WIDEN_GRID[k] * base[j];
        loss[k] += weight[i] * weightedIntervalScore(layout, q, errs[i]);
      }
    }
  }
  if (scored === 0) return Number.NaN;
  let best = 0;
  for (let k = 1; k < WIDEN_GRID.length; k++) if (loss[k] < loss[best]) best = k;
  return WIDEN_GRID[best];
}
