import { describe, expect, test } from "bun:test";
import { ModelInputError } from "./errors.ts";
import { eventRisk, eventRiskFromSeries, probabilityOfAnyInfected } from "./eventRisk.ts";

describe("eventRisk (Georgia Tech formula)", () => {
  test("hand-computed values", () => {
    // p = 5 × 1000 / 1e6 = 0.005; n = 10 → 1 − 0.995^10 = 0.04888987…
    const r = eventRisk({ casesLast10Days: 1000, population: 1_000_000, groupSize: 10 });
    expect(r.prevalence).toBeCloseTo(0.005, 15);
    expect(r.probability).toBeCloseTo(0.0488898695, 10);
    // n = 1 → probability = p
    expect(eventRisk({ casesLast10Days: 1000, population: 1_000_000, groupSize: 1 }).probability).toBeCloseTo(0.005, 15);
    // ascertainment 10, n = 100: p = 0.01 → 1 − 0.99^100 = 0.63396766…
    const r2 = eventRisk({ casesLast10Days: 1000, population: 1_000_000, groupSize: 100, ascertainment: 10 });
    expect(r2.probability).toBeCloseTo(0.6339676587, 10);
  });

  test("p is clamped to [0, 1]", () => {
    expect(eventRisk({ casesLast10Days: 300_000, population: 1_000_000, groupSize: 2 })).toEqual({ prevalence: 1, probability: 1 });
    expect(eventRisk({ casesLast10Days: -50, population: 1_000_000, groupSize: 20 })).toEqual({ prevalence: 0, probability: 0 });
  });

  test("missing population or cases give nulls, not zeros", () => {
    const unknown = { prevalence: null, probability: null };
    expect(eventRisk({ casesLast10Days: 10, population: null, groupSize: 10 })).toEqual(unknown);
    expect(eventRisk({ casesLast10Days: 10, population: 0, groupSize: 10 })).toEqual(unknown);
    expect(eventRisk({ casesLast10Days: Number.NaN, population: 1000, groupSize: 10 })).toEqual(unknown);
    expect(eventRisk({ casesLast10Days: null, population: 1000, groupSize: 10 })).toEqual(unknown);
  });

  test("bad arguments are named errors", () => {
    expect(() => eventRisk({ casesLast10Days: 1, population: 10, groupSize: 0 })).toThrow(ModelInputError);
    expect(() => eventRisk({ casesLast10Days: 1, population: 10, groupSize: 2.5 })).toThrow(ModelInputError);
    expect(() => eventRisk({ casesLast10Days: 1, population: 10, groupSize: 2, ascertainment: 0 })).toThrow(ModelInputError);
  });

  test("from a cumulative series uses C_t − C_{t−10}", () => {
    const cum = Float64Array.from({ length: 20 }, (_, t) => t * 100); // 100 new cases a day
    const r = eventRiskFromSeries(cum, 15, 1_000_000, 10);
    expect(r.prevalence).toBeCloseTo((5 * 1000) / 1_000_000, 15);
    expect(eventRiskFromSeries(cum, 9, 1_000_000, 10)).toEqual({ prevalence: null, probability: null });
  });

  test("tiny p keeps precision", () => {
    expect(probabilityOfAnyInfected(1e-12, 3)).toBeCloseTo(3e-12, 20);
    expect(probabilityOfAnyInfected(1, 5)).toBe(1);
    expect(probabilityOfAnyInfected(0, 5)).toBe(0);
  });
});
