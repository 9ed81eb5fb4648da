import { describe, expect, test } from "bun:test";
import { mulberry32, randomInt, shuffleInPlace } from "./random.ts";

describe("mulberry32", () => {
  test("same seed gives the same sequence, different seeds differ", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  test("values are uniform-looking in [0, 1)", () => {
    const r = mulberry32(1);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = r();
      expect(v >= 0 && v < 1).toBe(true);
      sum += v;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  test("randomInt stays in range and shuffle is a permutation", () => {
    const r = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const k = randomInt(r, 3);
      expect(k === 0 || k === 1 || k === 2).toBe(true);
    }
    const xs = Float64Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(xs, r);
    expect(Array.from(xs)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(xs).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
