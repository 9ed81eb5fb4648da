// Risk answers from a snapshot of the real bundled sample (JHU CSSE US counties, Oct–Dec 2020).
import { describe, expect, test } from "bun:test";
import { answerRiskQuery } from "./answer.ts";
import { ServiceError } from "../../domain/mod.ts";
import { dayOfIso } from "../../domain/mod.ts";
import { buildSnapshot } from "./snapshot.ts";
import { fakeStorage, filterSeries, loadSample } from "./testSupport.ts";
import { caseDensityLevel, cdcLevel, infectionRateLevel, overallLevel } from "./levels.ts";

const sample = await loadSample();
const snapshot = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": sample.series }), ["jhu-us"]);
const MANHATTAN = { lat: 40.7128, lon: -74.006 };

function cum(regionId: number, iso: string): number {
  const day = dayOfIso(iso);
  for (let i = 0; i < sample.series.regionId.length; i++) if (sample.series.regionId[i] === regionId && sample.series.day[i] === day) return sample.series.cumCases[i];
  throw new Error(`no sample value for ${regionId} ${iso}`);
}

describe("answerRiskQuery", () => {
  const a = answerRiskQuery(snapshot, { ...MANHATTAN, groupSize: 50 }, 5);

  test("the chain around lower Manhattan is county → state → country, and the county answers", () => {
    expect(a.regions.map((r) => [r.id, r.level, r.match])).toEqual([
      [84036061, "county", "contains"],
      [84000036, "state", "contains"],
      [840, "country", "contains"],
    ]);
    expect(a.regions[0]).toMatchObject({ fresh: true, lastDate: "2020-12-30" });
    expect(a.regions[1]).toMatchObject({ fresh: false, lastDate: null }); // no state dataset loaded
    expect(a.region.id).toBe(84036061);
    expect(a.asOf).toBe("2020-12-30");
    expect(a.regions[2].distanceKm).toBeGreaterThan(1000); // the US centroid is in Kansas
  });

  test("metrics, levels and the CDC level agree with the source values and the thresholds", () => {
    const weekly = cum(84036061, "2020-12-30") - cum(84036061, "2020-12-23");
    expect(a.metrics.cumulativeCases).toBe(cum(84036061, "2020-12-30"));
    expect(a.metrics.weeklyNewCasesPer100k).toBeCloseTo((weekly / a.region.population!) * 100_000, 9);
    expect(a.metrics.caseDensity).toBeCloseTo(a.metrics.weeklyNewCasesPer100k! / 7, 9);
    expect(a.riskLevels.caseDensity).toBe(caseDensityLevel(a.metrics.caseDensity));
    // Rt from models/rt over the 91 sample days: a plausible value with its 90% upper end.
    expect(a.metrics.infectionRate!).toBeGreaterThan(0.5);
    expect(a.metrics.infectionRate!).toBeLessThan(2);
    expect(a.metrics.infectionRateCI90!).toBeGreaterThan(a.metrics.infectionRate!);
    expect(a.riskLevels.infectionRate).toBe(infectionRateLevel(a.metrics.infectionRate));
    expect(a.riskLevels.testPositivityRatio).toBe("unknown"); // no testing data loaded
    expect(a.riskLevels.overall).toBe(overallLevel(a.metrics.caseDensity, a.metrics.infectionRate));
    expect(a.cdcLevel).toBe(cdcLevel(a.metrics.weeklyNewCasesPer100k));
    expect(a.cdcLevel).toBe("high"); // > 100 per 100k per week in late December 2020
    const last10 = cum(84036061, "2020-12-30") - cum(84036061, "2020-12-20");
    expect(a.eventRisk.probability).toBeCloseTo(1 - (1 - (5 * last10) / a.region.population!) ** 50, 10);
  });

  test("the forecast summary has 1–4 weeks of ordered intervals ending on Saturdays", () => {
    const f = a.forecast!;
    expect(f.lastObservedWeek).toBe("2020-12-26");
    expect(f.forecastDate).toBe("2020-12-28");
    expect(f.lastObservedValue).toBe(cum(84036061, "2020-12-26") - cum(84036061, "2020-12-19"));
    expect(f.horizons.map((h) => h.targetEndDate)).toEqual(["2021-01-02", "2021-01-09", "2021-01-16", "2021-01-23"]);
    for (const h of f.horizons) {
      expect(h.lower95).toBeLessThanOrEqual(h.lower50);
      expect(h.lower50).toBeLessThanOrEqual(h.median);
      expect(h.median).toBeLessThanOrEqual(h.upper50);
      expect(h.upper50).toBeLessThanOrEqual(h.upper95);
    }
    expect(f.horizons[3].upper95 - f.horizons[3].lower95).toBeGreaterThan(f.horizons[0].upper95 - f.horizons[0].lower95);
  });

  test("a past date answers as of that date", () => {
    const past = answerRiskQuery(snapshot, { ...MANHATTAN, groupSize: 10, date: "2020-11-15" }, 5);
    expect(past.asOf).toBe("2020-11-15");
    expect(past.metrics.cumulativeCases).toBe(cum(84036061, "2020-11-15"));
    expect(past.forecast!.lastObservedWeek).toBe("2020-11-14");
  });

  test("a date before any data is a 404 no_data_for_date", () => {
    const err = (() => {
      try {
        answerRiskQuery(snapshot, { ...MANHATTAN, groupSize: 10, date: "2019-06-01" }, 5);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ServiceError);
    expect(err).toMatchObject({ code: "no_data_for_date" });
  });

  test("mid-Atlantic falls back to the nearest region with data", () => {
    const sea = answerRiskQuery(snapshot, { lat: 35, lon: -50, groupSize: 10 }, 5);
    expect(sea.match).toBe("nearest");
    expect(sea.regions.at(-1)).toMatchObject({ match: "nearest", fresh: true, id: sea.region.id });
  });

  test("a county whose data stopped weeks ago gives way to its state's fresh data", async () => {
    // New York County's data ends in November; a state-level dataset runs to December 30.
    const stale = filterSeries(sample.series, (r, d) => r !== 84036061 || d <= dayOfIso("2020-11-20"));
    const nyCounties = filterSeries(sample.series, (r) => r >= 84036000 && r < 84037000);
    const byDay = new Map<number, [number, number]>();
    for (let i = 0; i < nyCounties.day.length; i++) {
      const v = byDay.get(nyCounties.day[i]) ?? [0, 0];
      byDay.set(nyCounties.day[i], [v[0] + nyCounties.cumCases[i], v[1] + nyCounties.cumDeaths[i]]);
    }
    const days = [...byDay.keys()].sort((x, y) => x - y);
    const state = {
      regionId: Int32Array.from(days, () => 84000036),
      day: Int32Array.from(days),
      cumCases: Float64Array.from(days, (d) => byDay.get(d)![0]),
      cumDeaths: Float64Array.from(days, (d) => byDay.get(d)![1]),
    };
    const snap = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": stale, "nyt-states": state }), ["jhu-us", "nyt-states"]);
    const ans = answerRiskQuery(snap, { ...MANHATTAN, groupSize: 10 }, 5);
    expect(ans.region.id).toBe(84000036);
    expect(ans.dataset).toBe("nyt-states");
    expect(ans.regions[0]).toMatchObject({ id: 84036061, fresh: false, lastDate: "2020-11-20" });
    expect(ans.regions[1]).toMatchObject({ id: 84000036, fresh: true, lastDate: "2020-12-30" });
    // As of a day the county still covered, the county answers.
    expect(answerRiskQuery(snap, { ...MANHATTAN, groupSize: 10, date: "2020-11-10" }, 5).region.id).toBe(84036061);
  });

  test("no data loaded yet is not_loaded", () => {
    expect(() => answerRiskQuery(null, { ...MANHATTAN, groupSize: 10 }, 5)).toThrow(expect.objectContaining({ code: "not_loaded" }));
  });
});
