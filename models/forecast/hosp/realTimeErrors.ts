// "Quantiles calibrated from recent out-of-sample errors": the model is re-run at each past
// reference date on the data of then (pastViews.ts) and its log-scale errors against the
// current data are kept per step (0 = the last reported week) and region.
import { pointForecasts } from "./pointForecast.ts";
import { applyShifts } from "./revisions.ts";
import { nearestInLevel, type Transformed } from "./transform.ts";
import type { HospModelOptions } from "./types.ts";

/** errs[step][region]: errors truth − forecast on the z scale. */
export function realTimeErrors(now: Transformed, views: Transformed[], shifts: Float64Array | null, maxStep: number, o: HospModelOptions): number[][][] {
  const n = now.last.length;
  const errs: number[][][] = Array.from({ length: maxStep + 1 }, () => Array.from({ length: n }, () => []));
  const width = maxStep + 1;
  for (const raw of views) {
    const then = shifts ? applyShifts(raw, shifts) : raw;
    const fc = pointForecasts({ ...then, steps: maxStep }, o);
    for (let i = 0; i < n; i++) {
      const L = then.last[i];
      if (L < 0) continue;
      for (let s = 0; s <= maxStep && L + s <= now.last[i]; s++) {
        const truth = now.z[i * now.weeks + L + s];
        if (Number.isFinite(truth)) errs[s][i].push(truth - fc[i * width + s]);
      }
    }
  }
  return errs;
}

/**
 * Sorted errors for region i at each step: the errors of the `neighbours` regions closest to it
 * in recent level (small counts are noisier on the log scale, so a large state borrows from
 * large states). Steps ≥ 1 are symmetrized (±e): the point forecast stays the median, and a
 * bias learnt in a growth phase is not carried past the peak. Step 0 (the last reported week)
 * keeps its sign. Too few errors at a step: the 1-step ones × √step, or the regions' weekly
 * changes when there are no errors at all yet (the first weeks of a series).
 */
export function errorsFor(i: number, errs: number[][][], now: Transformed, o: HospModelOptions): Float64Array[] {
  const near = nearestInLevel(now, i, o.neighbours);
  const pooled = errs.map((perRegion) => near.flatMap((j) => perRegion[j]));
  let oneStep = pooled[1] ?? [];
  if (oneStep.length < o.minErrors) oneStep = oneStep.concat(weeklyChanges(now, near, o.window));
  return pooled.map((e, s) => {
    let src = e;
    if (s === 1) src = oneStep;
    else if (s > 1 && e.length < o.minErrors) src = oneStep.map((x) => x * Math.sqrt(s));
    if (src.length === 0) src = [0];
    return Float64Array.from(s >= 1 ? src.flatMap((x) => [x, -x]) : src).sort();
  });
}

function weeklyChanges(t: Transformed, regions: number[], window: number): number[] {
  const out: number[] = [];
  for (const i of regions) {
    for (let w = Math.max(1, t.last[i] - window + 1); w <= t.last[i]; w++) {
      const d = t.z[i * t.weeks + w] - t.z[i * t.weeks + w - 1];
      if (Number.isFinite(d)) out.push(d);
    }
  }
  return out;
}
