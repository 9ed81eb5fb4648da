import { describe, expect, test } from "bun:test";
import { caseLed, dampedTrend } from "./pointMembers.ts";

describe("covid-mesh point members (log scale)", () => {
  test("damped trend: decline damped by φ_down, growth by φ_up", () => {
    const z = Float64Array.of(10, 9, 8); // −1 per week
    const out = new Float64Array(3);
    expect(dampedTrend(z, 2, 2, 0.5, 0.1, out)).toBe(true);
    expect(Array.from(out)).toEqual([8 - 0.5, 8 - 0.5 - 0.25, 8 - 0.5 - 0.25 - 0.125]);
    const up = Float64Array.of(8, 9, 10);
    dampedTrend(up, 2, 2, 0.5, 0.1, out);
    expect(out[0]).toBeCloseTo(10.1, 12);
    expect(out[1]).toBeCloseTo(10.11, 12);
  });

  test("damped trend: a growing slope is capped before damping, a declining one is not", () => {
    const out = new Float64Array(2);
    dampedTrend(Float64Array.of(8, 9, 10), 2, 2, 0.5, 0.5, out, 0.25); // slope 1 → 0.25
    expect(out[0]).toBeCloseTo(10 + 0.125, 12);
    expect(out[1]).toBeCloseTo(10 + 0.125 + 0.0625, 12);
    dampedTrend(Float64Array.of(10, 9, 8), 2, 2, 0.5, 0.5, out, 0.25);
    expect(out[0]).toBeCloseTo(8 - 0.5, 12);
  });

  test("damped trend needs `window` weeks of history", () => {
    expect(dampedTrend(Float64Array.of(1, 2), 1, 2, 0.5, 0.5, new Float64Array(1))).toBe(false);
  });

  test("case-led: deaths follow the lagged cases' log change times the elasticity", () => {
    // Cases (log): …, 5, 6, 6.5, 6.5 at weeks 0…3; lag 2 → base week 1.
    const cases = Float64Array.of(5, 6, 6.5, 6.5);
    const deaths = Float64Array.of(1, 1, 2, 2);
    const out = new Float64Array(3);
    expect(caseLed(deaths, 3, cases, 3, 2, 0.5, 0.8, 0, out)).toBe(true);
    expect(out[0]).toBeCloseTo(2 + 0.5 * 0.5, 12); // cases week 1 → 2: +0.5
    expect(out[1]).toBeCloseTo(2 + 0.5 * 0.5, 12); // week 1 → 3: +0.5
    // Beyond the lag: cases' 2-week slope (6.5 − 6)/2 = 0.25 > 0, growth damping 0 → no further change.
    expect(out[2]).toBeCloseTo(2 + 0.5 * 0.5, 12);
  });
});
