import { describe, expect, test } from "bun:test";
import { residualQuantileForecast } from "./residualQuantiles.ts";
import { MEDIAN_INDEX, QUANTILE_LEVELS } from "./quantileLevels.ts";
import { quantileSorted } from "../stats/quantile.ts";

describe("quantiles from past errors", () => {
  // Log series alternating ±0.1 around a slow rise; the forecaster is persistence.
  const z = Float64Array.from({ length: 40 }, (_, t) => 5 + 0.01 * t + (t % 2 === 0 ? 0.1 : -0.1));
  const flat = (end: number, out: Float64Array) => {
    out.fill(z[end]);
    return true;
  };

  test("median = point forecast; spread = centred empirical quantiles of the h-step errors", () => {
    const f = residualQuantileForecast(z, 2, flat, { window: 100, minResiduals: 5, firstOrigin: 0 })!;
    expect(f[MEDIAN_INDEX]).toBeCloseTo(Math.expm1(z[39]), 9);
    // 1-step errors of persistence: z[s+1] − z[s] for s = 0 … 38, i.e. ±0.2 + 0.01.
    const errors = Float64Array.from({ length: 39 }, (_, s) => z[s + 1] - z[s]).sort();
    const centre = quantileSorted(errors, 0.5);
    for (const q of [0, 5, 17, 22]) {
      expect(f[q]).toBeCloseTo(Math.expm1(z[39] + quantileSorted(errors, QUANTILE_LEVELS[q]) - centre), 9);
    }
  });

  test("the replay only uses origins from firstOrigin on and only observed targets", () => {
    const seen: number[] = [];
    const spy = (end: number, out: Float64Array) => {
      seen.push(end);
      return flat(end, out);
    };
    residualQuantileForecast(z, 3, spy, { window: 100, minResiduals: 1, firstOrigin: 30 });
    expect(Math.min(...seen)).toBe(30);
    expect(Math.max(...seen)).toBe(39); // the live forecast; the replay stops at 38
  });

  test("too few errors → null (caller falls back)", () => {
    expect(residualQuantileForecast(z, 1, flat, { window: 100, minResiduals: 6, firstOrigin: 36 })).toBeNull();
  });

  test("recent errors larger than usual widen the intervals; smaller ones do not narrow them", () => {
    const calmThenWild = Float64Array.from({ length: 60 }, (_, t) => 5 + (t % 2 === 0 ? 1 : -1) * (t >= 52 ? 0.4 : 0.05));
    const persistence = (end: number, out: Float64Array) => {
      out.fill(calmThenWild[end]);
      return true;
    };
    const opts = { window: 100, minResiduals: 5, firstOrigin: 0 };
    const plain = residualQuantileForecast(calmThenWild, 1, persistence, opts)!;
    const recent = residualQuantileForecast(calmThenWild, 1, persistence, { ...opts, recent: 6 })!;
    expect(recent[22] - recent[0]).toBeGreaterThan(2 * (plain[22] - plain[0]));
    expect(recent[MEDIAN_INDEX]).toBeCloseTo(plain[MEDIAN_INDEX], 9);
    const wildThenCalm = Float64Array.from({ length: 60 }, (_, t) => 5 + (t % 2 === 0 ? 1 : -1) * (t >= 52 ? 0.05 : 0.4));
    const p2 = (end: number, out: Float64Array) => {
      out.fill(wildThenCalm[end]);
      return true;
    };
    expect(Array.from(residualQuantileForecast(wildThenCalm, 1, p2, { ...opts, recent: 6 })!)).toEqual(Array.from(residualQuantileForecast(wildThenCalm, 1, p2, opts)!));
  });
});
