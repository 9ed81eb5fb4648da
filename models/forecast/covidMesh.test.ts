import { describe, expect, test } from "bun:test";
import { covidMeshForecast } from "./covidMesh.ts";
import { baselineForecast } from "./baseline.ts";
import { assertValidQuantiles } from "./validate.ts";
import { MEDIAN_INDEX } from "./quantileLevels.ts";
import { mulberry32 } from "../stats/random.ts";

/** Weekly counts following exp(rate · week) with ±10% multiplicative noise. */
function series(weeks: number, start: number, rate: (w: number) => number, seed: number): Float64Array {
  const random = mulberry32(seed);
  let level = start;
  return Float64Array.from({ length: weeks }, (_, w) => {
    level *= Math.exp(rate(w));
    return Math.round(level * (0.9 + 0.2 * random()));
  });
}

describe("covid-mesh forecaster", () => {
  const wave = (w: number) => 0.3 * Math.sin(w / 6); // waves of rise and decline
  const history = series(80, 1000, wave, 1);

  test("valid Hub quantiles (monotone, ≥ 0) and deterministic", () => {
    const f = covidMeshForecast({ weekly: history, target: "inc case" }, 4);
    assertValidQuantiles(f, 4, "covid-mesh");
    expect(Array.from(covidMeshForecast({ weekly: history, target: "inc case" }, 4))).toEqual(Array.from(f));
  });

  test("a steady decline is extrapolated (the baseline stays flat)", () => {
    const falling = series(60, 100_000, (w) => (w < 40 ? wave(w) : -0.4), 2);
    const last = falling[59];
    const f = covidMeshForecast({ weekly: falling, target: "inc case" }, 4);
    for (let h = 0; h < 4; h++) expect(f[h * 23 + MEDIAN_INDEX]).toBeLessThan(last);
    expect(f[3 * 23 + MEDIAN_INDEX]).toBeLessThan(f[MEDIAN_INDEX]);
    expect(baselineForecast(falling, 4)[3 * 23 + MEDIAN_INDEX]).toBeCloseTo(last, 6);
  });

  test("growth is extrapolated only with strong damping", () => {
    const rising = series(60, 100, (w) => (w < 40 ? wave(w) : 0.5), 3);
    const last = rising[59];
    const f = covidMeshForecast({ weekly: rising, target: "inc case" }, 4);
    const m4 = f[3 * 23 + MEDIAN_INDEX];
    expect(m4).toBeGreaterThan(last);
    expect(m4).toBeLessThan(last * Math.exp(0.5)); // far less than four more weeks of +0.5
  });

  test("deaths follow lagged cases: falling cases pull the deaths forecast down", () => {
    const deaths = series(60, 200, (w) => (w < 50 ? wave(w) : 0), 4);
    const casesUpThenDown = series(60, 50_000, (w) => (w < 50 ? wave(w) : w < 55 ? 0.2 : -0.5), 5);
    const withCases = covidMeshForecast({ weekly: deaths, target: "inc death", companion: casesUpThenDown }, 4);
    const without = covidMeshForecast({ weekly: deaths, target: "inc death" }, 4);
    expect(withCases[3 * 23 + MEDIAN_INDEX]).toBeLessThan(without[3 * 23 + MEDIAN_INDEX]);
  });

  test("short history falls back to COVIDhub-baseline", () => {
    const short = Float64Array.of(10, 12, 11, 15);
    expect(Array.from(covidMeshForecast({ weekly: short, target: "inc case" }, 2, { seed: 9, fallbackSamples: 500 }))).toEqual(
      Array.from(baselineForecast(short, 2, { seed: 9, samples: 500 })),
    );
  });

  test("an outage in the history does not blow up the spread", () => {
    const withGap = Float64Array.from(history);
    withGap[50] = 0;
    withGap[51] = 0;
    withGap[52] = history[50] + history[51] + history[52];
    const f = covidMeshForecast({ weekly: withGap, target: "inc case" }, 4);
    const clean = covidMeshForecast({ weekly: history, target: "inc case" }, 4);
    expect(f[3 * 23 + 22] / clean[3 * 23 + 22]).toBeLessThan(1.5);
  });

  test("relative growth cap: a surge far faster than the series' recent swings is extrapolated less", () => {
    const calm = (w: number) => 0.05 * Math.sin(w / 3);
    const surge = series(70, 1000, (w) => (w < 66 ? calm(w) : 0.7), 6);
    const free = covidMeshForecast({ weekly: surge, target: "inc case" }, 4, { caseGrowthDamping: 0.8 });
    const capped = covidMeshForecast({ weekly: surge, target: "inc case" }, 4, { caseGrowthDamping: 0.8, growthCapSd: 1.5, growthCapWeeks: 26 });
    expect(capped[3 * 23 + MEDIAN_INDEX]).toBeLessThan(free[3 * 23 + MEDIAN_INDEX] * 0.8);
    // A series whose history already swings that fast is not capped by much.
    const wild = series(70, 1000, (w) => (w < 66 ? 0.6 * Math.sin(w / 2) : 0.7), 6);
    const a = covidMeshForecast({ weekly: wild, target: "inc case" }, 4, { caseGrowthDamping: 0.8 });
    const b = covidMeshForecast({ weekly: wild, target: "inc case" }, 4, { caseGrowthDamping: 0.8, growthCapSd: 1.5, growthCapWeeks: 26 });
    expect(b[3 * 23 + MEDIAN_INDEX]).toBeGreaterThan(a[3 * 23 + MEDIAN_INDEX] * 0.9);
    expect(Array.from(covidMeshForecast({ weekly: surge, target: "inc case" }, 4, { growthCapSd: 1.5 }))).toEqual(
      Array.from(covidMeshForecast({ weekly: surge, target: "inc case" }, 4, { growthCapSd: 1.5 })),
    );
  });

  test("skill-weighted flat: when the trends have kept missing, the point moves toward the last value", () => {
    // Zig-zag: every trend extrapolates the last swing and misses; persistence misses by less.
    const zigzag = series(70, 1000, (w) => (w % 4 < 2 ? 0.3 : -0.3), 7);
    const last = zigzag[69];
    const trend = covidMeshForecast({ weekly: zigzag, target: "inc case" }, 4);
    const weighted = covidMeshForecast({ weekly: zigzag, target: "inc case" }, 4, { flatSkillWeeks: 8 });
    for (let h = 0; h < 4; h++) {
      expect(Math.abs(Math.log(weighted[h * 23 + MEDIAN_INDEX] / last))).toBeLessThan(Math.abs(Math.log(trend[h * 23 + MEDIAN_INDEX] / last)));
    }
  });
  test("baseline blend: each quantile is (1 − w) × the model's + w × COVIDhub-baseline's", () => {
    const input = { weekly: history, target: "inc case" as const };
    const own = covidMeshForecast(input, 4);
    const base = baselineForecast(history, 4, { seed: 1 });
    const blended = covidMeshForecast(input, 4, { baselineWeight: 0.3 });
    assertValidQuantiles(blended, 4, "blend");
    for (let i = 0; i < own.length; i++) expect(blended[i]).toBeCloseTo(0.7 * own[i] + 0.3 * base[i], 6);
    // The memoized baseline is not reused once the input's values change.
    const changed = Float64Array.from(history);
    changed[79] *= 3;
    const again = covidMeshForecast({ weekly: changed, target: "inc case" }, 4, { baselineWeight: 0.3 });
    const expected = baselineForecast(changed, 4, { seed: 1 });
    const ownChanged = covidMeshForecast({ weekly: changed, target: "inc case" }, 4);
    for (let i = 0; i < own.length; i++) expect(again[i]).toBeCloseTo(0.7 * ownChanged[i] + 0.3 * expected[i], 6);
    const original = history[79];
    history[79] = changed[79]; // mutate in place: the memo must notice
    const inPlace = covidMeshForecast(input, 4, { baselineWeight: 0.3 });
    history[79] = original;
    for (let i = 0; i < own.length; i++) expect(inPlace[i]).toBeCloseTo(again[i], 6);
    expect(Array.from(covidMeshForecast(input, 4, { baselineWeight: 0.3 }))).toEqual(Array.from(blended));
  });

  test("above the previous peak, growth is extrapolated less", () => {
    // A wave to ~e^3 × the start, a trough, then a second wave now past the first one's peak.
    const twoWaves = series(70, 1000, (w) => (w < 12 ? 0.25 : w < 24 ? -0.25 : w < 64 ? 0 : 0.6), 8);
    const free = covidMeshForecast({ weekly: twoWaves, target: "inc case" }, 4, { caseGrowthDamping: 0.8 });
    const damped = covidMeshForecast({ weekly: twoWaves, target: "inc case" }, 4, { caseGrowthDamping: 0.8, abovePeakScale: 0.5 });
    expect(damped[3 * 23 + MEDIAN_INDEX]).toBeLessThan(free[3 * 23 + MEDIAN_INDEX] * 0.8);
    // The same surge below the earlier peak is not damped.
    const below = series(70, 1000, (w) => (w < 12 ? 0.6 : w < 24 ? -0.5 : w < 64 ? 0 : 0.3), 8);
    const a = covidMeshForecast({ weekly: below, target: "inc case" }, 4, { caseGrowthDamping: 0.8 });
    const b = covidMeshForecast({ weekly: below, target: "inc case" }, 4, { caseGrowthDamping: 0.8, abovePeakScale: 0.5 });
    for (let h = 0; h < 4; h++) expect(b[h * 23 + MEDIAN_INDEX]).toBe(a[h * 23 + MEDIAN_INDEX]);
  });
});
