import { describe, expect, test } from "bun:test";
import type { DailyCumulativeSeries } from "./backtest.ts";
import { baselineModel } from "./baseline.ts";
import { covidMeshModelByHorizon, covidMeshModelByTarget } from "./covidMesh.ts";
import { dayFromIso, mondaysBetween } from "./epiweek.ts";
import { ForecastInputError } from "./errors.ts";
import { selectParameters, type ParameterGrid } from "./selection.ts";
import type { TargetKind } from "./types.ts";
import { mulberry32 } from "../stats/random.ts";
import { isoOfDay } from "../../domain/mod.ts";

const firstDay = dayFromIso("2020-03-01"); // a Sunday: week 0 ends Saturday 2020-03-07
const WEEKS = 70;

/** Daily cumulative counts whose weekly incidence follows exp(Σ rate) with ±10% noise (spread evenly over the days). */
function cumulative(start: number, rate: (w: number) => number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const cum = new Float64Array(WEEKS * 7);
  let level = start;
  let total = 0;
  for (let w = 0; w < WEEKS; w++) {
    level *= Math.exp(rate(w));
    const week = Math.round(level * (0.9 + 0.2 * random()));
    for (let d = 0; d < 7; d++) cum[w * 7 + d] = total + Math.round((week * (d + 1)) / 7);
    total += week;
  }
  return cum;
}

function locations(rate: (w: number) => number): { cases: Map<string, DailyCumulativeSeries>; deaths: Map<string, DailyCumulativeSeries> } {
  const cases = new Map<string, DailyCumulativeSeries>();
  const deaths = new Map<string, DailyCumulativeSeries>();
  for (let i = 0; i < 4; i++) {
    cases.set(`L${i}`, { cum: cumulative(2000 * (i + 1), rate, 10 + i), firstDay });
    deaths.set(`L${i}`, { cum: cumulative(30 * (i + 1), (w) => rate(w - 3), 20 + i), firstDay });
  }
  return { cases, deaths };
}

// Long waves: a trend, once started, goes on for 15 weeks. Choppy: the sign flips every 2 weeks.
const longWaves = (w: number) => (Math.floor(w / 15) % 2 === 0 ? 0.15 : -0.15);
const choppy = (w: number) => (Math.floor(w / 2) % 2 === 0 ? 0.25 : -0.25);

const GRID: Record<TargetKind, ParameterGrid> = {
  "inc case": [
    ["caseGrowthDamping", [0, 0.3, 0.7]],
    ["spreadScale", [1, 1.2]],
  ],
  "inc death": [["caseElasticity", [0.5, 0.9]]],
};
const START: Record<TargetKind, object> = { "inc case": { caseGrowthDamping: 0.3, spreadScale: 1 }, "inc death": { caseElasticity: 0.5 } };
const windowStart = dayFromIso("2021-01-04");
const selectDates = mondaysBetween(dayFromIso("2020-08-03"), windowStart - 7);
const select = (series: ReturnType<typeof locations>) =>
  selectParameters({ series, selectDates, truthBefore: windowStart, grid: GRID, start: START, baseline: baselineModel({ seed: 1, samples: 500 }) });

describe("rolling-origin parameter selection", () => {
  test("persistent growth is extrapolated, choppy growth is not", () => {
    expect(select(locations(longWaves))["inc case"].options.caseGrowthDamping).toBe(0.7);
    expect(select(locations(choppy))["inc case"].options.caseGrowthDamping).toBe(0);
  });

  test("only truth before the window counts: rewriting everything from the window on changes nothing", () => {
    const clean = locations(longWaves);
    const poisoned = locations(longWaves);
    for (const m of [poisoned.cases, poisoned.deaths]) {
      for (const s of m.values()) {
        const from = windowStart - s.firstDay - 1; // the Sunday before the window's Monday: after the last known Saturday
        for (let d = from; d < s.cum.length; d++) s.cum[d] = s.cum[from - 1] + (d - from + 1) * 1e6;
      }
    }
    const a = select(clean);
    const b = select(poisoned);
    expect(b).toEqual(a);
    // The last scored forecast is the week before the window; its 1-week truth ends before it.
    expect(isoOfDay(a["inc case"].lastDate)).toBe("2020-12-28");
    expect(a["inc case"].truthBefore).toBe(windowStart);
    // …whereas the same rewrite one week earlier is seen (the selection is not blind).
    const early = locations(longWaves);
    for (const s of early.cases.values()) {
      const from = windowStart - s.firstDay - 8;
      for (let d = from; d < s.cum.length; d++) s.cum[d] = s.cum[from - 1] + (d - from + 1) * 1e6;
    }
    expect(select(early)["inc case"].relativeWis).not.toEqual(a["inc case"].relativeWis);
  });

  test("reports the criterion, per-horizon scores and the dates that chose", () => {
    const c = select(locations(longWaves))["inc death"];
    expect(c.relativeWis).toHaveLength(4);
    expect(c.worstBlock).toHaveLength(4);
    for (let h = 0; h < 4; h++) expect(c.worstBlock[h]).toBeGreaterThanOrEqual(c.relativeWis[h] - 1e-12);
    expect(c.criterion).toBeCloseTo(c.worstBlock.reduce((s, x) => s + x, 0) / 4, 12);
    expect(isoOfDay(c.firstDate)).toBe("2020-08-03");
    // The start, then per pass one alternative for caseElasticity and one for the AR member
    // (fitted on the same dates): at least 3 distinct sets, at most 1 + 2 passes × 2.
    expect(c.evaluated).toBeGreaterThanOrEqual(3);
    expect(c.evaluated).toBeLessThanOrEqual(5);
    expect(c.arFit).toHaveLength(2);
  });

  test("deterministic: same input, same choice and the same quantiles", () => {
    const series = locations(choppy);
    const a = select(series);
    const b = select(locations(choppy));
    expect(b).toEqual(a);
    const model = covidMeshModelByTarget({ "inc case": a["inc case"].options, "inc death": a["inc death"].options });
    const weekly = Float64Array.from({ length: 40 }, (_, w) => 1000 + 300 * Math.sin(w / 3) + 7 * w);
    const f1 = model.forecast({ weekly, target: "inc case" }, 4);
    const f2 = covidMeshModelByTarget({ "inc case": b["inc case"].options, "inc death": b["inc death"].options }).forecast(
      { weekly: Float64Array.from(weekly), target: "inc case" },
      4,
    );
    expect(Array.from(f2)).toEqual(Array.from(f1));
  });

  test("no truth before the window is an error", () => {
    const series = locations(choppy);
    expect(() =>
      selectParameters({ series, selectDates: mondaysBetween(dayFromIso("2021-01-04"), dayFromIso("2021-01-11")), truthBefore: dayFromIso("2021-01-04"), grid: GRID }),
    ).toThrow(ForecastInputError);
  });

  test("per horizon: each horizon's choice is no worse there than the joint one; rows come from each horizon's parameters", () => {
    const series = locations(longWaves);
    const c = selectParameters({ series, selectDates, truthBefore: windowStart, grid: GRID, start: START, baseline: baselineModel({ seed: 1, samples: 500 }), perHorizon: true })[
      "inc case"
    ];
    expect(c.byHorizon).toHaveLength(4);
    for (let h = 0; h < 4; h++) expect(c.byHorizonWorst![h]).toBeLessThanOrEqual(c.worstBlock[h] + 1e-12);
    // Without perHorizon there is no per-horizon choice.
    expect(select(series)["inc case"].byHorizon).toBeUndefined();

    const weekly = Float64Array.from({ length: 40 }, (_, w) => 1000 * Math.exp(0.05 * w));
    const a = { caseGrowthDamping: 0 };
    const b = { caseGrowthDamping: 0.7 };
    const mixed = covidMeshModelByHorizon({ "inc case": [a, a, b, b], "inc death": [a] }).forecast({ weekly, target: "inc case" }, 4);
    const fa = covidMeshModelByTarget({ "inc case": a, "inc death": a }).forecast({ weekly, target: "inc case" }, 4);
    const fb = covidMeshModelByTarget({ "inc case": b, "inc death": b }).forecast({ weekly, target: "inc case" }, 4);
    expect(Array.from(mixed.subarray(0, 46))).toEqual(Array.from(fa.subarray(0, 46)));
    expect(Array.from(mixed.subarray(46))).toEqual(Array.from(fb.subarray(46)));
    expect(Array.from(fa.subarray(46))).not.toEqual(Array.from(fb.subarray(46)));
  });
});
