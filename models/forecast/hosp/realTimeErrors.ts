// "Quantiles calibrated from recent out-of-sample errors": the members are re-run at each past
// reference date on the data of then (pastViews.ts) and compared with the current data. From
// these real-time errors come (1) the members' combination weights (o.combine = "weighted": per
// step, ∝ 1 / (mean absolute error)², errors weighted by the region's recent count as WIS on
// counts is) and (2) the combined forecast's log-scale errors per step and region.
import { combineMembers, memberForecasts, type Members } from "./pointForecast.ts";
import { applyShifts } from "./revisions.ts";
import { nearestInLevel, type Transformed } from "./transform.ts";
import type { HospModelOptions } from "./types.ts";
import type { View } from "./pastViews.ts";

export interface RealTimeErrors {
  /** errs[step][region]: truth − combined forecast on the z scale, over the last errorOrigins dates. */
  errs: number[][][];
  /** byOrigin[m][step][region] over all past dates given (NaN = no error). */
  byOrigin: Float64Array[][];
  /** weights[step][member], or null for the median combination. */
  weights: Float64Array[] | null;
}

export function realTimeErrors(now: Transformed, views: View[], shifts: Float64Array | null, maxStep: number, memberCount: number, o: HospModelOptions): RealTimeErrors {
  const n = now.last.length;
  const width = maxStep + 1;
  const runs: Array<{ then: Transformed; members: Members }> = [];
  for (const v of views) {
    const then = shifts ? applyShifts(v.hosp, shifts) : v.hosp;
    runs.push({ then, members: memberForecasts({ ...then, steps: maxStep, ed: v.ed }, o) });
  }
  const weights = o.combine === "weighted" ? memberWeights(runs.slice(0, o.errorOrigins), now, maxStep, memberCount, o) : null;
  const errs: number[][][] = Array.from({ length: width }, () => Array.from({ length: n }, () => []));
  const byOrigin: Float64Array[][] = [];
  runs.forEach(({ then, members }, m) => {
    const fc = combineMembers(members, n, maxStep, weights, o);
    const mine = Array.from({ length: width }, () => new Float64Array(n).fill(Number.NaN));
    for (let i = 0; i < n; i++) {
      const L = then.last[i];
      if (L < 0) continue;
      for (let s = 0; s <= maxStep && L + s <= now.last[i]; s++) {
        const truth = now.z[i * now.weeks + L + s];
        if (!Number.isFinite(truth)) continue;
        mine[s][i] = truth - fc[i * width + s];
        if (m < o.errorOrigins) errs[s][i].push(mine[s][i]);
      }
    }
    byOrigin.push(mine);
  });
  return { errs, byOrigin, weights };
}

/**
 * Combination weights per step and member from the members' real-time errors at the given past
 * runs: ∝ 1 / (count-weighted mean absolute error)²; a member with fewer than o.minErrors errors
 * gets 0 (the flat member never does).
 */
export function memberWeights(
  recent: ReadonlyArray<{ then: Transformed; members: Members }>,
  now: Transformed,
  maxStep: number,
  memberCount: number,
  o: HospModelOptions,
): Float64Array[] {
  const n = now.last.length;
  const width = maxStep + 1;
  const weights: Float64Array[] = [];
  for (let s = 0; s <= maxStep; s++) {
    const sum = new Float64Array(memberCount);
    const wsum = new Float64Array(memberCount);
    const count = new Int32Array(memberCount);
    for (const { then, members } of recent) {
      for (let k = 0; k < members.paths.length && k < memberCount; k++) {
        for (let i = 0; i < n; i++) {
          const L = then.last[i];
          if (L < 0 || L + s > now.last[i]) continue;
          const e = now.z[i * now.weeks + L + s] - members.paths[k][i * width + s];
          if (!Number.isFinite(e)) continue;
          const w = Math.exp(now.level[i]);
          sum[k] += w * Math.abs(e);
          wsum[k] += w;
          count[k]++;
        }
      }
    }
    const ws = new Float64Array(memberCount);
    for (let k = 0; k < memberCount; k++) ws[k] = k === 0 || count[k] >= o.minErrors ? (wsum[k] / Math.max(sum[k], 1e-9)) ** 2 : 0;
    if (count[0] === 0) ws.fill(1);
    weights.push(ws);
  }
  return weights;
}

/**
 * Sorted errors for region i at each step: the errors of the `neighbours` regions closest to it
 * in recent level (small counts are noisier on the log scale, so a large state borrows from
 * large states). Steps ≥ 1 are symmetrized (±e): the point forecast stays the median, and a
 * bias learnt in a growth phase is not carried past the peak. Step 0 (the last reported week)
 * keeps its sign. Too few errors at a step: the 1-step ones × √step, or the regions' weekly
 * changes when there are no errors at all yet (the first weeks of a series).
 */
export function errorsFor(i: number, errs: number[][][], now: Transformed, o: HospModelOptions, near = nearestInLevel(now, i, o.neighbours)): Float64Array[] {
  return errs.map((_, s) => errorsAtStep(errs, now, o, near, s));
}

/** errorsFor at one step only (plain loops and typed arrays: online this runs for every region at every scored date). */
export function errorsAtStep(errs: number[][][], now: Transformed, o: HospModelOptions, near: number[], s: number): Float64Array {
  const pool = (step: number) => {
    let len = 0;
    for (let k = 0; k < near.length; k++) len += errs[step][near[k]].length;
    const out = new Array<number>(len);
    let at = 0;
    for (let k = 0; k < near.length; k++) {
      const e = errs[step][near[k]];
      for (let q = 0; q < e.length; q++) out[at++] = e[q];
    }
    return out;
  };
  let src = pool(s);
  if (s === 0) return Float64Array.from(src.length === 0 ? [0] : src).sort();
  let scale = 1;
  if (s === 1 || src.length < o.minErrors) {
    let oneStep = s === 1 ? src : errs.length > 1 ? pool(1) : [];
    if (oneStep.length < o.minErrors) oneStep = oneStep.concat(weeklyChanges(now, near, o.window));
    src = oneStep;
    scale = s === 1 ? 1 : Math.sqrt(s);
  }
  if (src.length === 0) src = [0];
  // Symmetrized: sort |e| once and mirror it (the same array as sorting ±e, at half the cost).
  const m = src.length;
  const abs = new Float64Array(m);
  for (let k = 0; k < m; k++) abs[k] = Math.abs(src[k] * scale);
  abs.sort();
  const out = new Float64Array(2 * m);
  for (let k = 0; k < m; k++) {
    out[m - 1 - k] = -abs[k];
    out[m + k] = abs[k];
  }
  return out;
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
