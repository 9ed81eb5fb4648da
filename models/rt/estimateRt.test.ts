import { describe, expect, test } from "bun:test";
import { estimateRt } from "./estimateRt.ts";
import { estimateRtByRegion } from "./byRegion.ts";
import { RT_DEFAULTS } from "./types.ts";
import { mulberry32 } from "../stats/random.ts";

const TAU = RT_DEFAULTS.serialIntervalDays;

/** Daily cases growing as exp((R − 1)/τ · t), the model's own assumption. */
function constantR(R: number, start: number, days: number): Float64Array {
  return Float64Array.from({ length: days }, (_, t) => start * Math.exp(((R - 1) / TAU) * t));
}

function poisson(random: () => number, lambda: number): number {
  if (lambda > 50) {
    // Normal approximation, rounded: fine for the counts used here.
    const u = Math.max(random(), 1e-12);
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

describe("Bettencourt–Ribeiro Rt", () => {
  test("serial interval is CAN's 1/0.333 + 0.5/0.25 ≈ 5 days", () => {
    expect(TAU).toBeCloseTo(5.003, 3);
  });

  for (const [R, start] of [
    [1.5, 20],
    [0.8, 5000],
  ] as const) {
    test(`constant R = ${R}: within ±0.1 after burn-in and inside the 90% interval`, () => {
      const rt = estimateRt(constantR(R, start, 120));
      for (let t = 30; t < 120; t++) {
        expect(Math.abs(rt.mean[t] - R)).toBeLessThan(0.1);
        expect(Math.abs(rt.median[t] - R)).toBeLessThan(0.1);
        expect(rt.lower[t]).toBeLessThanOrEqual(R);
        expect(rt.upper[t]).toBeGreaterThanOrEqual(R);
      }
    });

    test(`Poisson noise around R = ${R}: still within ±0.1, interval covers the truth`, () => {
      const random = mulberry32(7);
      const lambda = constantR(R, R > 1 ? 50 : 3000, 100);
      const cases = lambda.map((l) => poisson(random, l));
      const rt = estimateRt(cases);
      let covered = 0;
      for (let t = 30; t < 100; t++) {
        expect(Math.abs(rt.mean[t] - R)).toBeLessThan(0.1);
        if (rt.lower[t] <= R && R <= rt.upper[t]) covered++;
      }
      expect(covered / 70).toBeGreaterThanOrEqual(0.9);
    });
  }

  test("distinguishes growth from decline: the estimates straddle 1 on the right side", () => {
    expect(estimateRt(constantR(1.2, 100, 60)).mean[59]).toBeGreaterThan(1.1);
    expect(estimateRt(constantR(0.9, 100, 60)).mean[59]).toBeLessThan(1);
  });

  test("NaN before 20 days and until more than 20 cases in total", () => {
    const cases = new Float64Array(40);
    cases.fill(1, 0, 40); // 1 case a day: 21 cases by day index 20
    const rt = estimateRt(cases);
    expect(Number.isNaN(rt.mean[18])).toBe(true);
    expect(Number.isNaN(rt.mean[19])).toBe(true); // 20 days but only 20 cases
    expect(Number.isFinite(rt.mean[20])).toBe(true);
    const many = estimateRt(new Float64Array(30).fill(100));
    expect(Number.isNaN(many.mean[18])).toBe(true);
    expect(Number.isFinite(many.mean[19])).toBe(true);
    expect(Math.abs(many.mean[29] - 1)).toBeLessThan(0.1);
  });

  test("a stretch of zeros then new cases restarts cleanly (no NaN poisoning)", () => {
    const cases = new Float64Array(120);
    for (let t = 0; t < 40; t++) cases[t] = 50;
    for (let t = 80; t < 120; t++) cases[t] = 50;
    const rt = estimateRt(cases);
    expect(Number.isFinite(rt.mean[119])).toBe(true);
    expect(Math.abs(rt.mean[119] - 1)).toBeLessThan(0.3);
  });

  test("by-region layout gives the same numbers as single series", () => {
    const a = constantR(1.3, 30, 50);
    const b = constantR(0.7, 900, 40);
    const all = new Float64Array(90);
    all.set(a);
    all.set(b, 50);
    const res = estimateRtByRegion(all, Int32Array.of(0, 50, 90));
    expect(Array.from(res.mean.subarray(50))).toEqual(Array.from(estimateRt(b).mean));
    expect(Array.from(res.upper.subarray(0, 50))).toEqual(Array.from(estimateRt(a).upper));
  });
});
