import { describe, expect, test } from "bun:test";
import { applyProcessNoise, createNoiseWorkspace } from "./processNoise.ts";

const n = 201;
const step = 0.05;
const grid = Float64Array.from({ length: n }, (_, i) => i * step);

function moments(p: Float64Array): { mass: number; mean: number; variance: number } {
  let mass = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    mass += p[i];
    mean += p[i] * grid[i];
  }
  mean /= mass;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (p[i] * (grid[i] - mean) ** 2) / mass;
  return { mass, mean, variance };
}

describe("random-walk step", () => {
  for (const sigma of [0.03, 0.1, 0.9]) {
    test(`σ = ${sigma}: mass and mean preserved, variance grows by σ² in the interior`, () => {
      const post = new Float64Array(n);
      post[100] = 1; // R = 5, far from both ends
      const out = new Float64Array(n);
      applyProcessNoise(post, sigma, step, createNoiseWorkspace(n), out);
      const m = moments(out);
      expect(m.mass).toBeCloseTo(1, 12);
      expect(m.mean).toBeCloseTo(5, 10);
      // The exact kernel is discretised; the three-box one matches σ² to within a few per cent.
      expect(Math.abs(m.variance - sigma * sigma) / (sigma * sigma)).toBeLessThan(sigma < 0.05 ? 0.2 : 0.05);
    });
  }

  test("near R = 0 the kernel is cut symmetrically: the mean does not drift upwards", () => {
    const post = new Float64Array(n);
    post[4] = 0.5; // R = 0.2
    post[6] = 0.5; // R = 0.3
    const out = new Float64Array(n);
    applyProcessNoise(post, 0.9, step, createNoiseWorkspace(n), out);
    expect(moments(out).mass).toBeCloseTo(1, 12);
    expect(moments(out).mean).toBeCloseTo(0.25, 10);
  });
});
