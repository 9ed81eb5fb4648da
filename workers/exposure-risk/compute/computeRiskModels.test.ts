// The recompute over the bundled real sample (JHU CSSE US counties, Oct–Dec 2020): figures,
// forecasts and clusters for every county, checked against the models computed directly.
import { describe, expect, test } from "bun:test";
import { casesInLastDays, computeDailyMetrics, estimateRt, lastSaturdayOnOrBefore, QUANTILE_COUNT, RT_SMOOTHING_LAG_DAYS } from "../../../models/mod.ts";
import { buildSnapshot } from "../snapshot.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { dayOfIso } from "../../../domain/mod.ts";
import { computeRiskModels } from "./computeRiskModels.ts";
import { forecastSets } from "./persist.ts";
import { latestMobility, mobilityFor } from "./mobility.ts";
import type { MobilitySeries } from "../../../sql/mod.ts";

const sample = await loadSample();
const snapshot = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": sample.series }), ["jhu-us"]);
const KINGS = 84036047;
const models = await computeRiskModels(snapshot.series.values(), { ascertainment: 5 });

describe("latest figures", () => {
  test("Kings County, NY matches models/metrics and models/rt as of the last day", () => {
    const s = snapshot.series.get(KINGS)!;
    const r = models.latest.get(KINGS)!;
    const n = s.cumCases.length;
    const m = computeDailyMetrics(s.cumCases, s.cumDeaths, s.region.population);
    const rt = estimateRt(m.newCasesRaw);
    expect(r.day).toBe(dayOfIso("2020-12-30"));
    expect(r.caseDensity).toBeCloseTo(m.caseDensity[n - 1], 10);
    expect(r.weeklyCasesPer100k).toBeCloseTo(m.weeklyCasesPer100k[n - 1], 10);
    expect(r.rt).toBeCloseTo(rt.mean[n - 1], 10);
    expect(r.rtLow!).toBeLessThan(r.rt!);
    expect(r.rtHigh!).toBeGreaterThan(r.rt!);
    expect(r.rtLagDays).toBe(RT_SMOOTHING_LAG_DAYS);
    // December 2020 in Brooklyn: far above CAN's 25/100k "critical" threshold, CDC "high".
    expect(r.caseDensity!).toBeGreaterThan(25);
    expect(["critical", "extreme"]).toContain(r.caseDensityLevel);
    expect(r.cdcLevel).toBe("high");
    // Event risk prevalence: ascertainment 5, interval from 3 to 10.
    const rate = casesInLastDays(s.cumCases, n - 1, 10) / s.region.population!;
    expect(r.prevalence).toBeCloseTo(5 * rate, 12);
    expect(r.prevalenceLow).toBeCloseTo(3 * rate, 12);
    expect(r.prevalenceHigh).toBeCloseTo(10 * rate, 12);
    expect(r.runId).toBe(models.runId);
  });

  test("every county with data has figures; the time-aware ascertainment follows Gu's ratio", async () => {
    expect(models.latest.size).toBe(snapshot.series.size);
    const gu = await computeRiskModels([snapshot.series.get(KINGS)!], { ascertainment: 5, ascertainmentMode: "time-aware" });
    const r = gu.latest.get(KINGS)!;
    // Day 322 since 2020-02-12: 1500/372 × √0.1 + 2 ≈ 3.28 infections per case (vs 5).
    const ratio = (1500 / (dayOfIso("2020-12-30") - dayOfIso("2020-02-12") + 50)) * Math.sqrt(0.1) + 2;
    expect(r.prevalence! / models.latest.get(KINGS)!.prevalence!).toBeCloseTo(ratio / 5, 10);
  });
});

describe("forecasts", () => {
  test("covid-mesh and the baseline for cases and deaths, from the last complete epiweek", () => {
    const f = models.forecasts.get(KINGS)!;
    expect(f.model).toBe("covid-mesh");
    expect(f.lastSaturday).toBe(lastSaturdayOnOrBefore(dayOfIso("2020-12-30")));
    expect(f.forecastDay).toBe(dayOfIso("2020-12-28"));
    expect(f.cases!.length).toBe(4 * QUANTILE_COUNT);
    expect(f.deaths!.length).toBe(4 * QUANTILE_COUNT);
    const b = models.baselineForecasts.get(KINGS)!;
    expect(b.model).toBe("COVIDhub-baseline");
    // The baseline's median at every horizon is the last observed week.
    for (let h = 0; h < 4; h++) expect(b.cases![h * QUANTILE_COUNT + 11]).toBe(b.lastWeekCases);
  });

  test("Hub rows: 8 targets per region and model, FIPS locations, end dates on Saturdays", () => {
    const sets = forecastSets("covid-mesh", models.forecasts, (id) => snapshot.regions.get(id), models.runId);
    expect(sets).toHaveLength(1);
    const set = sets[0];
    const rows = [...set.regionId.keys()].filter((i) => set.regionId[i] === KINGS);
    expect(rows.map((i) => set.target[i])).toEqual([
      "1 wk ahead inc case",
      "2 wk ahead inc case",
      "3 wk ahead inc case",
      "4 wk ahead inc case",
      "1 wk ahead inc death",
      "2 wk ahead inc death",
      "3 wk ahead inc death",
      "4 wk ahead inc death",
    ]);
    expect(set.location[rows[0]]).toBe("36047");
    expect(rows.map((i) => new Date(set.targetEndDay[i] * 86_400_000).toISOString().slice(0, 10)).slice(0, 4)).toEqual(["2021-01-02", "2021-01-09", "2021-01-16", "2021-01-23"]);
    expect(set.quantiles.length).toBe(set.regionId.length * QUANTILE_COUNT);
  });
});

describe("clusters", () => {
  test("counties clustered with k in 3–6, ordered from lowest to highest case density", () => {
    expect(models.clusterRuns).toHaveLength(1);
    const run = models.clusterRuns[0];
    expect(run.level).toBe("county");
    expect(run.k).toBeGreaterThanOrEqual(3);
    expect(run.k).toBeLessThanOrEqual(6);
    expect(run.regionId.length).toBeGreaterThan(3000);
    expect(run.silhouette).toBeGreaterThan(0);
    expect(run.calinskiHarabasz).toBeGreaterThan(0);
    expect(run.ariPrevious).toBeNull();
    const cols = run.features.length;
    for (let c = 1; c < run.k; c++) expect(run.centroids[c * cols]).toBeGreaterThan(run.centroids[(c - 1) * cols]);
    expect(models.assignment.byRegion.get(KINGS)).toBe(run.cluster[run.regionId.indexOf(KINGS)]);
    expect(models.assignment.method).toContain("Calinski–Harabasz");
  });

  test("a second run on the same data agrees with the first: ARI 1 against the previous run", async () => {
    const first = models.clusterRuns[0];
    const again = await computeRiskModels(snapshot.series.values(), {
      ascertainment: 5,
      baseline: false,
      previousRuns: new Map([["county", { id: 41, regionId: first.regionId, cluster: first.cluster }]]),
    });
    expect(again.clusterRuns[0].previousRunId).toBe(41);
    expect(again.clusterRuns[0].ariPrevious).toBeCloseTo(1, 12);
    expect(again.baselineForecasts.size).toBe(0);
  });
});

test("mobility: the latest known mean of retail, grocery, transit and workplaces; stale values are dropped", () => {
  const nan = NaN;
  const m: MobilitySeries = {
    regionId: Int32Array.of(1, 1, 1, 2),
    day: Int32Array.of(100, 101, 102, 100),
    retailAndRecreation: Float64Array.of(-10, -20, nan, -30),
    groceryAndPharmacy: Float64Array.of(0, 0, nan, nan),
    parks: Float64Array.of(50, 50, 50, 50),
    transitStations: Float64Array.of(-40, -40, nan, nan),
    workplaces: Float64Array.of(-30, -20, nan, nan),
    residential: Float64Array.of(10, 10, 10, 10),
    awayFromHome: Float64Array.of(nan, nan, nan, nan),
  };
  const latest = latestMobility([m]);
  expect(latest.get(1)).toEqual({ day: 101, change: (-20 + 0 - 40 - 20) / 4 });
  expect(latest.get(2)).toEqual({ day: 100, change: -30 });
  expect(mobilityFor(latest, 1, 110)).toBe(-20);
  expect(mobilityFor(latest, 1, 130)).toBeNull();
  expect(mobilityFor(latest, 3, 101)).toBeNull();
});

test("an aborted recompute stops between regions with the signal's reason", async () => {
  const ctl = new AbortController();
  ctl.abort(new Error("stopping"));
  await expect(computeRiskModels(snapshot.series.values(), { ascertainment: 5, signal: ctl.signal })).rejects.toThrow("stopping");
});
