import { describe, expect, test } from "bun:test";
import { arMember, fitPooledAr } from "./pooledAr.ts";
import { mulberry32 } from "../stats/random.ts";

/** z with weekly log changes following Δ_{t+1} = a1·Δ_t + a2·Δ_{t−1} + noise. */
function arSeries(a1: number, a2: number, n: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const z = new Float64Array(n);
  z[0] = 8;
  z[1] = 8.1;
  z[2] = 8.15;
  for (let t = 3; t < n; t++) z[t] = z[t - 1] + a1 * (z[t - 1] - z[t - 2]) + a2 * (z[t - 2] - z[t - 3]) + 0.1 * (random() - 0.5);
  return z;
}

describe("pooled AR on weekly log changes", () => {
  test("recovers the coefficients shared by many locations", () => {
    const series = Array.from({ length: 40 }, (_, k) => arSeries(0.6, -0.2, 60, k + 1));
    const [a1, a2] = fitPooledAr(
      series,
      series.map(() => 0),
      Math.log1p(20),
    );
    expect(a1).toBeCloseTo(0.6, 1);
    expect(a2).toBeCloseTo(-0.2, 1);
  });

  test("fits only from each series' `from` index, and skips weeks below the minimum", () => {
    const early = arSeries(0.9, 0, 40, 1);
    const late = arSeries(-0.5, 0, 40, 2);
    const joined = Float64Array.from([...early, ...late.map((v) => v - late[0] + early[39])]);
    expect(fitPooledAr([joined], [40], 0)[0]).toBeLessThan(0);
    expect(fitPooledAr([Float64Array.of(1, 2, 1, 2, 1, 2)], [0], 5)).toEqual([0, 0]);
  });

  test("the member iterates the recursion: a deceleration is carried forward", () => {
    const z = Float64Array.of(0, 1, 1.5); // Δ = 1, then 0.5
    const out = new Float64Array(2);
    expect(arMember(z, 2, [1, -0.5], out)).toBe(true);
    expect(out[0]).toBeCloseTo(1.5 + (0.5 - 0.5), 12); // Δ = 1·0.5 − 0.5·1 = 0
    expect(out[1]).toBeCloseTo(1.5 + 0 - 0.25, 12); // Δ = 1·0 − 0.5·0.5
    expect(arMember(z, 1, [1, 0], out)).toBe(false);
  });
});
