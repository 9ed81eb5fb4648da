import { describe, expect, test } from "bun:test";
import { baselineForecast, symmetricDifferences } from "./baseline.ts";
import { InsufficientHistoryError, ForecastInputError } from "./errors.ts";
import { MEDIAN_INDEX } from "./quantileLevels.ts";

describe("COVIDhub-baseline", () => {
  test("h = 1 by hand: weekly 10, 12, 11, 15", () => {
    // Differences 2, −1, 4 and negatives: D = −4, −2, −1, 1, 2, 4 (n = 6). Type 7: h = 5τ.
    // τ=0.01 → −4 + 0.05·2 = −3.9 → 11.1; τ=0.25 → h=1.25 → −2 + 0.25·1 = −1.75 → 13.25;
    // τ=0.45 → h=2.25 → −1 + 0.25·2 = −0.5 → 14.5; τ=0.5 → 0 → 15; symmetric above.
    expect(Array.from(symmetricDifferences(Float64Array.of(10, 12, 11, 15)))).toEqual([-4, -2, -1, 1, 2, 4]);
    const f = baselineForecast(Float64Array.of(10, 12, 11, 15), 1);
    const expected = [11.1, 11.25, 11.5, 12, 12.5, 13, 13.25, 13.5, 13.75, 14, 14.5, 15, 15.5, 16, 16.25, 16.5, 16.75, 17, 17.5, 18, 18.5, 18.75, 18.9];
    expect(f.length).toBe(23);
    expected.forEach((v, i) => expect(f[i]).toBeCloseTo(v, 12));
  });

  test("truncated at 0", () => {
    // D = −2, 2; last 1: q(0.01) = 1 + (−2 + 0.01·4) < 0 → 0.
    const f = baselineForecast(Float64Array.of(3, 1), 1);
    expect(f[0]).toBe(0);
    expect(f[22]).toBeCloseTo(1 + 1.96, 12);
  });

  test("h > 1: median stays at the last value, spread widens, quantiles monotone, seed-deterministic", () => {
    const weekly = Float64Array.of(100, 120, 90, 130, 110, 140, 125);
    const f = baselineForecast(weekly, 4, { seed: 3, samples: 20_000 });
    for (let h = 0; h < 4; h++) {
      expect(f[h * 23 + MEDIAN_INDEX]).toBeCloseTo(125, 6);
      for (let q = 1; q < 23; q++) expect(f[h * 23 + q]).toBeGreaterThanOrEqual(f[h * 23 + q - 1]);
      if (h > 0) expect(f[h * 23 + 22] - f[h * 23]).toBeGreaterThan(f[(h - 1) * 23 + 22] - f[(h - 1) * 23]);
    }
    // Sum of two draws from the symmetric set: its upper 99% point is below twice the largest |difference| (40).
    expect(f[23 + 22]).toBeLessThanOrEqual(125 + 80);
    expect(Array.from(baselineForecast(weekly, 4, { seed: 3, samples: 20_000 }))).toEqual(Array.from(f));
    expect(Array.from(baselineForecast(weekly, 4, { seed: 4, samples: 20_000 }))).not.toEqual(Array.from(f));
  });

  test("too little history or bad options are named errors", () => {
    expect(() => baselineForecast(Float64Array.of(5), 1)).toThrow(InsufficientHistoryError);
    expect(() => baselineForecast(Float64Array.of(5, Number.NaN), 1)).toThrow(InsufficientHistoryError);
    expect(() => baselineForecast(Float64Array.of(5, 6), 0)).toThrow(ForecastInputError);
    expect(() => baselineForecast(Float64Array.of(5, 6), 2, { samples: 1 })).toThrow(ForecastInputError);
  });
});
