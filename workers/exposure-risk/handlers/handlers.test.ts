// The read API of the risk pool over a snapshot of the bundled real sample.
import { describe, expect, test } from "bun:test";
import { buildSnapshot } from "../snapshot.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { type ErrorCode, ServiceError } from "../../../domain/mod.ts";
import { dayOfIso } from "../../../domain/mod.ts";
import { searchRegions } from "./regionSearch.ts";
import { getRegion } from "./regionGet.ts";
import { regionTimeseries } from "./timeseries.ts";
import { regionForecastAnswer, hubLocation } from "./forecast.ts";
import { answerRiskBatch } from "./riskBatch.ts";
import { listClusters } from "../clusters.ts";
import { attachRiskModels, computeRiskModels } from "../compute/mod.ts";

const sample = await loadSample();
const snapshot = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": sample.series }), ["jhu-us"]);
// Clusters come from the risk models only (compute/clusterLevels.ts), attached after a rebuild.
const modeled = attachRiskModels(snapshot, await computeRiskModels(snapshot.series.values(), { ascertainment: 5, baseline: false }));

const rejects = (fn: () => unknown, code: ErrorCode) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
};

describe("region search", () => {
  test("by name: Kings County NY before Kings County CA (population), both before Kingsbury", () => {
    const { regions } = searchRegions(snapshot, { q: "Kings", limit: 5 });
    expect(regions.slice(0, 3).map((r) => r.displayName)).toEqual(["Kings, New York, US", "Kings, California, US", "Kingsbury, South Dakota, US"]);
    expect(regions[0]).toMatchObject({ id: 84036047, lastDate: "2020-12-30", level: "county" });
  });

  test("by code: FIPS with or without its leading zero, ISO codes name countries only", () => {
    expect(searchRegions(snapshot, { q: "36061", limit: 3 }).regions[0].id).toBe(84036061);
    expect(searchRegions(snapshot, { q: "6037", limit: 3 }).regions[0].name).toBe("Los Angeles");
    expect(searchRegions(snapshot, { q: "usa", limit: 3 }).regions[0]).toMatchObject({ id: 840, level: "country" });
    expect(searchRegions(snapshot, { q: "FRA", limit: 3 }).regions[0]).toMatchObject({ id: 250, name: "France" });
  });

  test("limit applies; nothing found is an empty list", () => {
    expect(searchRegions(snapshot, { q: "a", limit: 7 }).regions).toHaveLength(7);
    expect(searchRegions(snapshot, { q: "zzzzqqq", limit: 7 }).regions).toEqual([]);
  });
});

describe("region detail", () => {
  test("parents and data coverage", () => {
    const r = getRegion(snapshot, 84036047);
    expect(r.displayName).toBe("Kings, New York, US");
    expect(r.parents.map((p) => p.id)).toEqual([84000036, 840]);
    expect(r).toMatchObject({ dataset: "jhu-us", firstDate: "2020-10-01", lastDate: "2020-12-30" });
    expect(getRegion(snapshot, 840)).toMatchObject({ parents: [], dataset: null, firstDate: null });
  });

  test("an unknown id is a 404", () => rejects(() => getRegion(snapshot, 123456789), "unknown_region"));
});

describe("timeseries", () => {
  test("columns over the range, with levels per day", () => {
    const ts = regionTimeseries(snapshot, { id: 84036047, from: "2020-12-01", to: "2020-12-10" });
    expect(ts.days).toHaveLength(10);
    expect(ts.days[0]).toBe("2020-12-01");
    const i = sample.series.regionId.findIndex((r, k) => r === 84036047 && sample.series.day[k] === dayOfIso("2020-12-01"));
    expect(ts.metrics.cumulativeCases[0]).toBe(sample.series.cumCases[i]);
    expect(ts.metrics.newCases[1]).toBe(Math.max(0, ts.metrics.cumulativeCases[1]! - ts.metrics.cumulativeCases[0]!));
    for (const col of Object.values(ts.metrics)) expect(col).toHaveLength(10);
    expect(ts.riskLevels.caseDensity).toHaveLength(10);
    expect(ts.cdcLevel.every((l) => l === "high")).toBe(true);
    ts.metrics.infectionRate.forEach((rt, i) => {
      expect(rt).not.toBeNull(); // December: long past the 20 days Rt needs
      expect(ts.metrics.infectionRateCI90Low[i]!).toBeLessThanOrEqual(rt!);
      expect(ts.metrics.infectionRateCI90High[i]!).toBeGreaterThanOrEqual(rt!);
    });
    const early = regionTimeseries(snapshot, { id: 84036047, to: "2020-10-10" });
    expect(early.metrics.infectionRate.every((v) => v === null)).toBe(true);
    expect(early.riskLevels.infectionRate.every((l) => l === "unknown")).toBe(true);
  });

  test("a range is clipped to the data; a range outside it is a 404", () => {
    const ts = regionTimeseries(snapshot, { id: 84036047, from: "2020-01-01" });
    expect(ts.days[0]).toBe("2020-10-01");
    expect(ts.days.at(-1)).toBe("2020-12-30");
    expect(ts.metrics.newCases[0]).toBeNull(); // no day before the first
    rejects(() => regionTimeseries(snapshot, { id: 84036047, from: "2021-02-01" }), "no_data_in_range");
    rejects(() => regionTimeseries(snapshot, { id: 840 }), "no_data");
  });
});

describe("forecast", () => {
  test("cases and deaths 1–4 weeks ahead, 23 non-decreasing quantiles, Hub names and dates", () => {
    const f = regionForecastAnswer(snapshot, 84036047);
    expect(f.location).toBe("36047");
    expect(f.forecastDate).toBe("2020-12-28");
    expect(f.targets.map((t) => t.target)).toEqual([
      "1 wk ahead inc case",
      "2 wk ahead inc case",
      "3 wk ahead inc case",
      "4 wk ahead inc case",
      "1 wk ahead inc death",
      "2 wk ahead inc death",
      "3 wk ahead inc death",
      "4 wk ahead inc death",
    ]);
    for (const t of f.targets) {
      expect(t.quantiles).toHaveLength(23);
      for (let q = 1; q < 23; q++) expect(t.quantiles[q].value).toBeGreaterThanOrEqual(t.quantiles[q - 1].value);
      expect(t.point).toBe(t.quantiles[11].value);
      expect(new Date(`${t.targetEndDate}T00:00:00Z`).getUTCDay()).toBe(6);
    }
  });

  test("Hub location codes", () => {
    const r = snapshot.regions;
    expect(hubLocation(r.get(84036047)!)).toBe("36047");
    expect(hubLocation(r.get(84000036)!)).toBe("36");
    expect(hubLocation(r.get(840)!)).toBe("US");
  });

  test("a region without data is a 404", () => rejects(() => regionForecastAnswer(snapshot, 840), "no_data"));
});

test("a batch answers each point, with per-point errors", () => {
  const { results } = answerRiskBatch(
    snapshot,
    {
      queries: [
        { lat: 40.6782, lon: -73.9442, groupSize: 20 },
        { lat: 40.6782, lon: -73.9442, groupSize: 20, date: "2019-01-01" },
      ],
    },
    5,
  );
  expect(results[0]).toMatchObject({ answer: { region: { id: 84036047 }, eventRisk: { groupSize: 20 } } });
  expect(results[1]).toMatchObject({ error: { code: "no_data_for_date" } });
});

describe("clusters", () => {
  const c = listClusters(modeled);

  test("before the risk models land there are none, and answers say cluster: null", () => {
    const before = listClusters(snapshot);
    expect(before.clusters).toEqual([]);
    expect(before.method).toContain("being computed");
    const { results } = answerRiskBatch(snapshot, { queries: [{ lat: 40.6782, lon: -73.9442, groupSize: 20 }] }, 5);
    expect((results[0] as { answer: { cluster: unknown } }).answer.cluster).toBeNull();
  });

  test("every county with fresh data is in exactly one cluster; ids rank clusters by caseDensity", () => {
    expect(c.asOf).toBe("2020-12-30");
    expect(c.clusters.length).toBeGreaterThanOrEqual(3);
    expect(c.clusters.length).toBeLessThanOrEqual(6);
    expect(c.members.regionIds.length).toBeGreaterThan(3000);
    expect(new Set(c.members.regionIds).size).toBe(c.members.regionIds.length);
    const sizes = new Map<number, number>();
    for (const id of c.members.clusterIds) sizes.set(id, (sizes.get(id) ?? 0) + 1);
    for (const cl of c.clusters) expect(sizes.get(cl.id)).toBe(cl.size);
    for (let i = 1; i < c.clusters.length; i++) expect(c.clusters[i].centre.caseDensity).toBeGreaterThanOrEqual(c.clusters[i - 1].centre.caseDensity);
    expect(c.method).toContain("k-means++");
  });

  test("a risk answer names its region's cluster", () => {
    const { results } = answerRiskBatch(modeled, { queries: [{ lat: 40.6782, lon: -73.9442, groupSize: 20 }] }, 5);
    const answer = (results[0] as { answer: { cluster: { id: number; label: string } } }).answer;
    const k = c.members.regionIds.indexOf(84036047);
    expect(answer.cluster).toEqual({ id: c.members.clusterIds[k], label: c.clusters[c.members.clusterIds[k]].label });
  });
});
