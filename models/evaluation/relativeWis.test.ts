import { describe, expect, test } from "bun:test";
import { pairRatio, relativeWis } from "./relativeWis.ts";
import { ScoringInputError } from "./errors.ts";

describe("relative WIS (Cramer et al. 2022)", () => {
  test("3-model toy table by hand, one model missing a target", () => {
    const scores = new Map([
      ["baseline", Float64Array.of(10, 20, 30, 40)],
      ["A", Float64Array.of(5, 10, 15, 20)],
      ["C", Float64Array.of(20, 20, Number.NaN, 40)],
    ]);
    // θ_AB = 50/100 = 0.5; θ_AC = 35/80 (targets 0, 1, 3); θ_BC = 70/80.
    // θ_A = (1 · 0.5 · 35/80)^(1/3), θ_B = (2 · 1 · 70/80)^(1/3) → θ_A/θ_B = (0.21875 / 1.75)^(1/3) = 0.5.
    // θ_C = (80/35 · 80/70 · 1)^(1/3) → θ_C/θ_B = (6400/2450 / 1.75)^(1/3).
    const rel = relativeWis(scores, "baseline");
    expect(rel.get("baseline")).toBe(1);
    expect(rel.get("A")!).toBeCloseTo(0.5, 12);
    expect(rel.get("C")!).toBeCloseTo(Math.cbrt(6400 / 2450 / 1.75), 12);
    expect(pairRatio(scores.get("C")!, scores.get("baseline")!)).toBeCloseTo(80 / 70, 12);
  });

  test("two models: relative WIS is the plain ratio of summed WIS", () => {
    const rel = relativeWis(
      new Map([
        ["b", Float64Array.of(4, 6)],
        ["m", Float64Array.of(3, 3)],
      ]),
      "b",
    );
    expect(rel.get("m")!).toBeCloseTo(0.6, 12);
  });

  test("missing baseline or ragged arrays are named errors", () => {
    expect(() => relativeWis(new Map([["m", Float64Array.of(1)]]), "b")).toThrow(ScoringInputError);
    expect(() =>
      relativeWis(
        new Map([
          ["b", Float64Array.of(1)],
          ["m", Float64Array.of(1, 2)],
        ]),
        "b",
      ),
    ).toThrow(ScoringInputError);
  });
});
