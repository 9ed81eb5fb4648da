import { describe, expect, test } from "bun:test";
import { QUANTILE_COUNT } from "../../models/forecast/mod.ts";
import { commonKeys, forecastKey, scoreCommonSet, truthKey, type ForecastSet } from "./hospScoring.ts";

const R = 20000; // a day number; only differences of 7 matter here
const flat = (v: number) => new Float64Array(QUANTILE_COUNT).fill(v);

describe("common set and relative WIS", () => {
  const truth = new Map([
    [truthKey("01", R), 10],
    [truthKey("02", R), 20],
    [truthKey("01", R + 7), 30],
  ]);
  const a: ForecastSet = new Map([
    [forecastKey(R, "01", 0), flat(10)],
    [forecastKey(R, "02", 0), flat(30)],
    [forecastKey(R, "01", 1), flat(0)],
  ]);
  // b lacks (R, 02, 0): that target leaves the common set for every model.
  const b: ForecastSet = new Map([
    [forecastKey(R, "01", 0), flat(14)],
    [forecastKey(R, "01", 1), flat(30)],
    [forecastKey(R, "02", 1), flat(1)],
  ]);
  const input = {
    models: [
      { name: "a", forecasts: a },
      { name: "b", forecasts: b },
    ],
    truth,
    referenceDays: [R],
    locations: ["01", "02"],
    horizons: [0, 1],
    baseline: "b",
  };

  test("only targets every model forecast and whose truth is known", () => {
    expect(commonKeys(input, 0).map((k) => k.key)).toEqual([forecastKey(R, "01", 0)]);
    // (R, 02, 1) has no truth.
    expect(commonKeys(input, 1).map((k) => k.key)).toEqual([forecastKey(R, "01", 1)]);
  });

  test("point-mass forecasts: WIS = |error|, relative WIS = ratio of sums on the common set", () => {
    const rows = scoreCommonSet(input);
    const row = (m: string, h: number) => rows.find((r) => r.model === m && r.horizon === h)!;
    // WIS of a point mass at m is |y − m| (the (K + ½) normalization cancels).
    expect(row("a", 0).wis).toBeCloseTo(0, 12);
    expect(row("b", 0).wis).toBeCloseTo(4, 12);
    expect(row("a", 0).relativeWis).toBeCloseTo(0, 12);
    expect(row("a", 1).wis).toBeCloseTo(30, 12);
    expect(row("b", 1).relativeWis).toBe(1);
    expect(row("a", 1).n).toBe(1);
    expect(row("a", 0).coverage95).toBe(1);
    expect(row("b", 0).coverage95).toBe(0);
  });
});
