// Online rolling-origin choice of the point combination and of the interval width, made afresh at
// every reference date R from data published by R − 3 only:
//  - the model is re-run at past reference dates R − 7, R − 14, … (distinct origins only: a date
//    with no new publication is skipped) on the data of then (pastViews.ts) and every candidate
//    combination of members (POINT_CANDIDATES) is formed there;
//  - each candidate's width is calibrated conformally (conformal.ts): the factor on its error
//    quantiles that would have covered 95% of its recent out-of-sample errors, per step ahead,
//    pooled over locations;
//  - the candidate with the lowest WIS at those widths over the last `selectionOrigins` scored
//    dates (steps 1–4, i.e. horizons 0–3) is the overall choice; with perStepChoice each step
//    ahead then takes the candidate with the lowest WIS at that step (horizons differ: the flat
//    forecast may win at one week and a trend at four).
// "Truth" is the publication visible at R; the newest `truthLag` weeks of it are not scored (they
// are still being revised). Each scored date's quantiles come from the errors of the
// `errorOrigins` dates before it, as the forecast at R comes from the dates before R.
import type { Members } from "./pointForecast.ts";
import { combineMembers } from "./pointForecast.ts";
import { conformalScale, scoreWidth, type ScoredError } from "./conformal.ts";
import { errorsAtStep, memberWeights } from "./realTimeErrors.ts";
import { nearestInLevel, type Transformed } from "./transform.ts";
import type { HospModelOptions } from "./types.ts";

export interface PointCandidate {
  name: string;
  /** Members used (by name prefix; "flat" is always first). */
  uses: (member: string) => boolean;
  combine: "median" | "weighted" | "mean";
  /** The flat member is only a fallback (where no other member of the candidate exists). */
  withoutFlat?: boolean;
}

/** The declared candidate set. "flat+ed" (the fixed model) is the fallback when nothing can be scored. */
export const POINT_CANDIDATES: readonly PointCandidate[] = [
  { name: "flat", uses: (m) => m === "flat", combine: "median" },
  { name: "flat+ar", uses: (m) => m === "flat" || m.startsWith("ar"), combine: "median" },
  { name: "flat+ed", uses: (m) => m === "flat" || m.startsWith("var"), combine: "median" },
  { name: "all-median", uses: () => true, combine: "median" },
  { name: "all-weighted", uses: () => true, combine: "weighted" },
  // Without the flat member (it stays only as the fallback where no other member exists).
  { name: "ar", uses: (m) => m === "flat" || m.startsWith("ar"), combine: "median", withoutFlat: true },
  { name: "ed", uses: (m) => m === "flat" || m.startsWith("var"), combine: "median", withoutFlat: true },
  { name: "all-mean", uses: () => true, combine: "mean" },
];
export const FALLBACK_CANDIDATE = "flat+ed";

export interface Run {
  then: Transformed;
  members: Members;
}

export interface OnlineChoice {
  /** The candidate, or per step ahead "h0/h1/h2/h3" when the steps differ. */
  candidate: string;
  /** Chosen by past score (false: too little to score, the fallback). */
  byScore: boolean;
  /** Width factor per step (steps 0…maxStep). */
  widen: Float64Array;
  /** Per candidate, its summed WIS at each step ahead 0…maxStep (NaN: not scored). */
  stepLoss: Record<string, number[]>;
  /** Summed WIS per candidate over the scored dates (NaN when nothing was scored). */
  loss: Record<string, number>;
}

export interface OnlineResult {
  choice: OnlineChoice;
  /** The chosen candidate's forecast at R, regions × (maxStep + 1), z scale. */
  centre: Float64Array;
  /** errs[step][region] of the chosen candidate at the `errorOrigins` dates before R. */
  errs: number[][][];
}

/** Keep only a candidate's members (flat stays index 0). */
function subset(m: Members, c: PointCandidate): { members: Members; keep: boolean[] } {
  const keep = m.names.map((n) => c.uses(n));
  return { members: { names: m.names.filter((_, k) => keep[k]), paths: m.paths.filter((_, k) => keep[k]) }, keep };
}

/** Candidate c's combined forecast at a run, with weights learnt on `reference` runs (older ones). */
function combineAt(c: PointCandidate, members: Members, reference: Run[], now: Transformed, maxStep: number, o: HospModelOptions): Float64Array {
  const { members: sub, keep } = subset(members, c);
  let weights: Float64Array[] | null = null;
  if (c.combine === "mean") weights = Array.from({ length: maxStep + 1 }, () => new Float64Array(sub.paths.length).fill(1));
  else if (c.combine === "weighted") {
    const refSub = reference.map((r) => ({ then: r.then, members: subset(r.members, c).members }));
    weights = memberWeights(refSub, now, maxStep, keep.filter(Boolean).length, o);
  }
  return combineMembers(sub, now.last.length, maxStep, weights, c.withoutFlat ? { ...o, flatMember: false } : o);
}

/** errors[step][region] = truth − forecast (NaN without truth) of one run's combined forecast. */
function runErrors(run: Run, fc: Float64Array, now: Transformed, maxStep: number): Float64Array[] {
  const n = now.last.length;
  const width = maxStep + 1;
  const out = Array.from({ length: width }, () => new Float64Array(n).fill(Number.NaN));
  for (let i = 0; i < n; i++) {
    const L = run.then.last[i];
    if (L < 0) continue;
    for (let s = 0; s <= maxStep && L + s <= now.last[i]; s++) out[s][i] = now.z[i * now.weeks + L + s] - fc[i * width + s];
  }
  return out;
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return false;
  return true;
}

function listsFrom(errors: Float64Array[][], from: number, count: number, n: number, width: number): number[][][] {
  const errs: number[][][] = Array.from({ length: width }, () => Array.from({ length: n }, () => []));
  for (let r = from; r < from + count && r < errors.length; r++) {
    for (let s = 0; s < width; s++) for (let i = 0; i < n; i++) if (Number.isFinite(errors[r][s][i])) errs[s][i].push(errors[r][s][i]);
  }
  return errs;
}

/**
 * runs[r] is the re-run at the (r + 1)-th distinct past origin before R (pastViews.ts);
 * `nowMembers` the members at R. Chooses the candidate (per step) and the widths, and returns the
 * chosen forecast and reference errors at R.
 */
export function selectOnline(runs: Run[], nowMembers: Members, now: Transformed, maxStep: number, o: HospModelOptions): OnlineResult {
  const n = now.last.length;
  const width = maxStep + 1;
  const scoredSteps = Math.min(maxStep, 4);
  const near = Array.from({ length: n }, (_, i) => (now.last[i] < 0 ? [] : nearestInLevel(now, i, o.neighbours)));
  type Scored = { c: PointCandidate; errors: Float64Array[][]; widen: Float64Array; loss: number; stepLoss: Float64Array };
  const done: Array<{ fcs: Float64Array[]; result: Scored }> = [];
  const results = POINT_CANDIDATES.map((c): Scored => {
    const fcs = runs.map((run, r) => combineAt(c, run.members, runs.slice(r + 1, r + 1 + o.errorOrigins), now, maxStep, o));
    // Without ED data (or AR fits) some candidates coincide: score those once.
    const twin = done.find((d) => d.fcs.every((f, r) => sameValues(f, fcs[r])));
    if (twin) return { ...twin.result, c };
    const errors = runs.map((run, r) => runErrors(run, fcs[r], now, maxStep));
    const refCache = new Map<number, number[][][]>();
    const widen = new Float64Array(width).fill(Number.NaN);
    const stepLoss = new Float64Array(width).fill(Number.NaN);
    let loss = 0;
    let scoredAll = true;
    for (let s = 0; s <= maxStep; s++) {
      const scored = scoredAt(errors, refCache, s);
      if (scored.length < o.minScores) {
        if (s >= 1 && s <= scoredSteps) scoredAll = false;
        continue;
      }
      widen[s] = conformalScale(scored, s, o.coverageTarget, o.widenBounds);
      stepLoss[s] = scoreWidth(scored, widen[s]);
      if (s >= 1 && s <= scoredSteps) loss += stepLoss[s];
    }
    const result = { c, errors, widen, loss: scoredAll ? loss : Number.NaN, stepLoss };
    done.push({ fcs, result });
    return result;
  });
  let best = results.find((r) => r.c.name === FALLBACK_CANDIDATE)!;
  for (const r of results) if (Number.isFinite(r.loss) && (!Number.isFinite(best.loss) || r.loss < best.loss)) best = r;
  // Per step ahead (o.perStepChoice): the candidate with the lowest score at that step, once the
  // overall choice was made by score; steps that cannot be scored keep the overall choice.
  const byStep = Array.from({ length: width }, () => best);
  if (o.perStepChoice && Number.isFinite(best.loss)) {
    for (let s = 1; s <= maxStep; s++) {
      for (const r of results) if (Number.isFinite(r.stepLoss[s]) && Number.isFinite(byStep[s].stepLoss[s]) && r.stepLoss[s] < byStep[s].stepLoss[s]) byStep[s] = r;
    }
  }
  // Steps with too little to calibrate on keep the fixed factor.
  const widen = Float64Array.from(byStep, (r, s) => (Number.isFinite(r.widen[s]) ? r.widen[s] : o.widen));
  const loss: Record<string, number> = {};
  const stepLoss: Record<string, number[]> = {};
  for (const r of results) {
    loss[r.c.name] = r.loss;
    stepLoss[r.c.name] = Array.from(r.stepLoss);
  }
  const centre = new Float64Array(n * width);
  const errs: number[][][] = [];
  const centres = new Map<Scored, { fc: Float64Array; errs: number[][][] }>();
  for (let s = 0; s <= maxStep; s++) {
    const r = byStep[s];
    let got = centres.get(r);
    if (got === undefined) {
      got = { fc: combineAt(r.c, nowMembers, runs.slice(0, o.errorOrigins), now, maxStep, o), errs: listsFrom(r.errors, 0, o.errorOrigins, n, width) };
      centres.set(r, got);
    }
    for (let i = 0; i < n; i++) centre[i * width + s] = got.fc[i * width + s];
    errs.push(got.errs[s]);
  }
  const steps = byStep.slice(1, scoredSteps + 1).map((r) => r.c.name);
  const candidate = steps.every((x) => x === best.c.name) ? best.c.name : steps.join("/");
  return { choice: { candidate, byScore: Number.isFinite(best.loss), widen, loss, stepLoss }, centre, errs };

  /**
   * The scored errors at step s: from the `selectionOrigins` most recent runs that have truth at
   * s outside the newest `truthLag` weeks, each with the quantiles of region i's errors at the
   * `errorOrigins` runs before it (pooled over neighbours as at R).
   */
  function scoredAt(errors: Float64Array[][], refCache: Map<number, number[][][]>, s: number): ScoredError[] {
    const out: ScoredError[] = [];
    for (let r = 0, used = 0; r < errors.length && used < o.selectionOrigins; r++) {
      const rows: number[] = [];
      for (let i = 0; i < n; i++) {
        const L = runs[r].then.last[i];
        if (L >= 0 && Number.isFinite(errors[r][s][i]) && L + s <= now.last[i] - o.truthLag) rows.push(i);
      }
      if (rows.length === 0) continue;
      // Only dates with a complete reference (errorOrigins earlier re-runs) are scored: in the
      // first weeks of a series the few errors available would make the width meaningless.
      if (r + o.errorOrigins >= errors.length) break;
      used++;
      let ref = refCache.get(r);
      if (ref === undefined) {
        ref = listsFrom(errors, r + 1, o.errorOrigins, n, width);
        refCache.set(r, ref);
      }
      for (const i of rows) out.push({ error: errors[r][s][i], sorted: errorsAtStep(ref, now, o, near[i], s), weight: Math.exp(now.level[i]) });
    }
    return out;
  }
}
