import { describe, expect, test } from "bun:test";
import { intervalLayout, intervalScore, weightedIntervalScore } from "./intervalScore.ts";
import { ScoringInputError } from "./errors.ts";
import { QUANTILE_LEVELS } from "../forecast/quantileLevels.ts";

describe("interval score and WIS (Bracher et al. 2021)", () => {
  test("interval score: width plus 2/α times the miss", () => {
    expect(intervalScore(10, 20, 15, 0.2)).toBe(10);
    expect(intervalScore(10, 20, 5, 0.2)).toBe(10 + 10 * 5);
    expect(intervalScore(10, 20, 26, 0.5)).toBe(10 + 4 * 6);
    expect(intervalScore(10, 20, 20, 0.5)).toBe(10); // on the bound counts as inside
  });

  test("the 23 Hub levels give K = 11 intervals with α = 0.02, 0.05, 0.1, …, 0.9", () => {
    const l = intervalLayout(QUANTILE_LEVELS);
    expect(l.medianIndex).toBe(11);
    expect(Array.from(l.alphas).map((a) => Math.round(a * 100) / 100)).toEqual([0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });

  test("worked example: forecast q_τ = 100τ (uniform 0–100), truth 80 → WIS = 175.855 / 11.5", () => {
    // ½|80 − 50| = 15. (α/2)·IS per interval [100α/2, 100(1 − α/2)]:
    //   α=0.02 (1,99) inside: 0.01·98 = 0.98     α=0.05 (2.5,97.5): 0.025·95 = 2.375
    //   α=0.1 (5,95): 0.05·90 = 4.5              α=0.2 (10,90): 0.1·80 = 8
    //   α=0.3 (15,85): 0.15·70 = 10.5            α=0.4 (20,80), y on the bound: 0.2·60 = 12
    //   α=0.5 (25,75) miss 5: 0.25·50 + 5 = 17.5 α=0.6 (30,70) miss 10: 0.3·40 + 10 = 22
    //   α=0.7 (35,65) miss 15: 0.35·30 + 15 = 25.5
    //   α=0.8 (40,60) miss 20: 0.4·20 + 20 = 28  α=0.9 (45,55) miss 25: 0.45·10 + 25 = 29.5
    // Σ = 160.855; (15 + 160.855) / (11 + ½) = 15.29173913…
    const q = Float64Array.from(QUANTILE_LEVELS, (t) => 100 * t);
    expect(weightedIntervalScore(intervalLayout(QUANTILE_LEVELS), q, 80)).toBeCloseTo(175.855 / 11.5, 10);
  });

  test("a point mass at the truth scores 0; WIS grows as the truth moves away", () => {
    const layout = intervalLayout(QUANTILE_LEVELS);
    const q = new Float64Array(23).fill(7);
    expect(weightedIntervalScore(layout, q, 7)).toBe(0);
    // Point mass at 7, truth 9: every term is a miss of 2 → (½·2 + Σ(α/2)(2/α)·2)/(11.5) = (1 + 22)/11.5 = 2.
    expect(weightedIntervalScore(layout, q, 9)).toBeCloseTo(2, 12);
  });

  test("unpaired or median-less levels are rejected", () => {
    expect(() => intervalLayout([0.1, 0.5, 0.8])).toThrow(ScoringInputError);
    expect(() => intervalLayout([0.1, 0.9])).toThrow(ScoringInputError);
    expect(() => intervalLayout([0.5, 0.1, 0.9])).toThrow(ScoringInputError);
  });
});
