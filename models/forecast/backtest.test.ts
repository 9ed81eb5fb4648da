import { describe, expect, test } from "bun:test";
import { backtest, type DailyCumulativeSeries } from "./backtest.ts";
import { baselineModel, BASELINE_MODEL_NAME } from "./baseline.ts";
import { dayFromIso, mondaysBetween } from "./epiweek.ts";
import { ForecastInputError, InvalidForecastError } from "./errors.ts";
import { QUANTILE_COUNT } from "./quantileLevels.ts";
import type { ForecastModel } from "./types.ts";
import { weeklyIncidence } from "../metrics/weekly.ts";

const firstDay = dayFromIso("2021-10-02"); // a Saturday
/** Daily cumulative counts with weekly incidence 700·scale·(week + 1) (week 0 ends 2021-10-09); integers. */
function cumulative(days: number, scale: number): Float64Array {
  const cum = new Float64Array(days);
  for (let t = 1; t < days; t++) cum[t] = cum[t - 1] + scale * 100 * (Math.floor((t - 1) / 7) + 1);
  return cum;
}

const series = (scale: number): Map<string, DailyCumulativeSeries> =>
  new Map([
    ["A", { cum: cumulative(140, scale), firstDay }],
    ["B", { cum: cumulative(140, 2 * scale), firstDay }],
  ]);

/** Knows the future: its median is the true next weekly value (by reading the full series it closes over). */
function oracle(name: string): ForecastModel {
  return {
    name,
    forecast: (input, horizons) => {
      const n = input.weekly.length;
      const perWeek = input.weekly[n - 1] - input.weekly[n - 2];
      const out = new Float64Array(horizons * QUANTILE_COUNT);
      for (let h = 1; h <= horizons; h++) out.fill(input.weekly[n - 1] + h * perWeek, (h - 1) * QUANTILE_COUNT, h * QUANTILE_COUNT);
      return out;
    },
  };
}

describe("backtest", () => {
  const forecastDates = mondaysBetween(dayFromIso("2021-11-01"), dayFromIso("2021-12-27"));
  const opts = { series: { cases: series(1), deaths: series(0.01) }, forecastDates, models: [baselineModel({ samples: 2000 }), oracle("oracle")] };

  test("models see only data through the Saturday before each Monday", () => {
    const seen: number[] = [];
    const spy: ForecastModel = {
      name: "spy",
      forecast: (input, horizons) => {
        seen.push(input.weekly.length);
        expect(input.companion?.length).toBe(input.weekly.length);
        return new Float64Array(horizons * QUANTILE_COUNT);
      },
    };
    backtest({ ...opts, models: [baselineModel({ samples: 100 }), spy] });
    // 2021-11-01 → last Saturday 2021-10-30 = week 3 (weeks end Oct 9, 16, 23, 30): 4 weeks seen.
    const full = weeklyIncidence(cumulative(140, 1), firstDay).values.length;
    expect(Math.min(...seen)).toBe(4);
    expect(Math.max(...seen)).toBeLessThan(full);
  });

  test("scores: a perfect model has WIS 0 and relative WIS 0; n counts truths inside the data", () => {
    const rows = backtest(opts);
    const perfect = rows.filter((r) => r.model === "oracle");
    expect(perfect.every((r) => r.wis === 0 && r.relativeWis === 0 && r.coverage95 === 1)).toBe(true);
    const base = rows.filter((r) => r.model === BASELINE_MODEL_NAME);
    expect(base.every((r) => r.relativeWis === 1)).toBe(true);
    // 9 forecast dates × 2 locations; data end 2022-02-18 (index 139) → last Saturday 2022-02-12.
    // From 2021-12-27 (last Saturday Dec 25) a 4-week target ends Jan 22: all inside.
    const h4 = base.find((r) => r.target === "inc case" && r.horizon === 4)!;
    expect(h4.n).toBe(18);
    expect(base.find((r) => r.target === "inc case" && r.horizon === null)!.n).toBe(72);
    expect(h4.wis).toBeGreaterThan(0);
    expect(h4.mae).toBeCloseTo(4 * 700 * 1.5, 6); // flat median misses 4 weeks × 700 (A) and × 1400 (B)
  });

  test("a model returning broken quantiles fails the backtest loudly", () => {
    const broken: ForecastModel = { name: "broken", forecast: (_i, h) => new Float64Array(h * QUANTILE_COUNT).fill(Number.NaN) };
    expect(() => backtest({ ...opts, models: [baselineModel({ samples: 100 }), broken] })).toThrow(InvalidForecastError);
  });

  test("configuration errors are named errors", () => {
    expect(() => backtest({ ...opts, models: [oracle("x")] })).toThrow(ForecastInputError);
    expect(() => backtest({ ...opts, forecastDates: [dayFromIso("2021-11-02")] })).toThrow();
  });
});
