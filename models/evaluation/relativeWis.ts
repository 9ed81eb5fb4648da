// Relative WIS (Cramer et al., PNAS 119: e2113561119, 2022): models are compared pairwise on
// the targets both forecast, so a model is not rewarded for skipping hard targets.
//   θ_ij = Σ WIS_i / Σ WIS_j over the common targets of i and j
//   θ_i  = geometric mean of θ_ij over all models j (θ_ii = 1 included, as in the paper)
//   relative WIS_i = θ_i / θ_baseline
// A pair without a common target has no θ_ij and is left out of the geometric mean (one
// model that skipped a target type must not blank out everybody's score).
import { geometricMean } from "simple-statistics";
import { ScoringInputError } from "./errors.ts";

/**
 * `scores` maps model name → WIS per target, all arrays indexed by the same targets; NaN
 * marks a target the model did not forecast. Returns model name → relative WIS (NaN when a
 * pair shares no target or the baseline's sum is 0).
 */
export function relativeWis(scores: Map<string, Float64Array>, baseline: string): Map<string, number> {
  const names = [...scores.keys()];
  if (!scores.has(baseline)) throw new ScoringInputError(`baseline model "${baseline}" has no scores`);
  const n = scores.get(baseline)!.length;
  for (const [name, s] of scores) {
    if (s.length !== n) throw new ScoringInputError(`model "${name}" has ${s.length} scores, expected ${n}`);
  }
  const theta = new Map<string, number>();
  for (const i of names) {
    const ratios = names.map((j) => (i === j ? 1 : pairRatio(scores.get(i)!, scores.get(j)!))).filter((r) => !Number.isNaN(r));
    theta.set(i, ratios.length === 0 ? Number.NaN : geometricMean(ratios));
  }
  const base = theta.get(baseline)!;
  const out = new Map<string, number>();
  // The baseline is 1 by definition, even when a perfect model (Σ WIS = 0) makes θ_baseline infinite.
  for (const name of names) out.set(name, name === baseline ? 1 : theta.get(name)! / base);
  return out;
}

/** θ_ij: ratio of summed WIS over the targets both models scored. */
export function pairRatio(a: Float64Array, b: Float64Array): number {
  let sa = 0;
  let sb = 0;
  let common = 0;
  for (let t = 0; t < a.length; t++) {
    if (Number.isNaN(a[t]) || Number.isNaN(b[t])) continue;
    sa += a[t];
    sb += b[t];
    common++;
  }
  return common === 0 ? Number.NaN : sa / sb;
}
