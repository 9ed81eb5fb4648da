import { describe, expect, test } from "bun:test";
import { clampNegative, newFromCumulative } from "./daily.ts";

const f = (xs: number[]) => Float64Array.from(xs);

describe("daily new counts", () => {
  test("raw differences keep corrections; NaN first day and next to unknowns", () => {
    expect(Array.from(newFromCumulative(f([5, 7, 7, 4, 10, Number.NaN, 12])))).toEqual([NaN, 2, 0, -3, 6, NaN, NaN]);
    expect(newFromCumulative(f([])).length).toBe(0);
  });

  test("clamped copy: negatives become 0, NaN stays NaN, raw untouched", () => {
    const raw = f([Number.NaN, 2, -3, 6]);
    expect(Array.from(clampNegative(raw))).toEqual([NaN, 2, 0, 6]);
    expect(raw[2]).toBe(-3);
  });
});
