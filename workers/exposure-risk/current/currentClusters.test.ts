// Clusters over the current indicators, and the weekly history of a region.
import { describe, expect, test } from "bun:test";
import { loadSample } from "../testSupport.ts";
import { computeCurrentClusters, CURRENT_FEATURES } from "./currentClusters.ts";
import { ed, fakeWeeklyStore, hosp, weeksBack } from "./testSupport.ts";
import { loadWeeklyData } from "./weeklyData.ts";
import { weeklyHistory } from "./weeklyHistory.ts";
import { dayOfIso } from "../../../domain/mod.ts";

const LAST = "2025-12-27";
const sample = await loadSample();
const regions = new Map(sample.regions.map((r) => [r.id, r]));
const counties = (stateFips: number, n: number) =>
  sample.regions.filter((r) => r.level === "county" && r.fips?.startsWith(String(stateFips).padStart(2, "0")) && r.fips.length === 5).slice(0, n);

describe("computeCurrentClusters", () => {
  // Three well separated groups of ED-visit %: Texas counties low, California middle, Florida high.
  const tx = counties(48, 20);
  const ca = counties(6, 20);
  const fl = counties(12, 20);
  const rows = [
    ...tx.map((c, i) => ed(c.id, LAST, 0.2 + i * 0.001, { trend: "decreasing" })),
    ...ca.map((c, i) => ed(c.id, LAST, 1.5 + i * 0.001, { trend: "no-change" })),
    ...fl.map((c, i) => ed(c.id, LAST, 4 + i * 0.001, { trend: "increasing" })),
    // An older week of a county that has no newest-week value: not clustered.
    ed(counties(36, 1)[0].id, weeksBack(LAST, 1), 9),
    // A state row: not a county.
    ed(84000048, LAST, 0.4),
    hosp(84000048, LAST, 268),
    hosp(84000006, LAST, 1000),
  ];

  test("the counties of the newest week, k by silhouette, ids from lowest to highest ED-visit %", async () => {
    const data = await loadWeeklyData(fakeWeeklyStore(rows));
    const c = computeCurrentClusters(data, regions, "run-1")!;
    expect(c.run.features).toEqual(CURRENT_FEATURES);
    expect(c.run.asOfDay).toBe(dayOfIso(LAST));
    expect(c.run.regionId.length).toBe(60);
    expect(c.run.k).toBe(3);
    const clusterOf = new Map(Array.from(c.run.regionId, (id, i) => [id, c.run.cluster[i]]));
    expect(new Set(tx.map((r) => clusterOf.get(r.id)))).toEqual(new Set([0]));
    expect(new Set(ca.map((r) => clusterOf.get(r.id)))).toEqual(new Set([1]));
    expect(new Set(fl.map((r) => clusterOf.get(r.id)))).toEqual(new Set([2]));
    const centres = c.assignment.clusters.map((k) => k.centre.edVisitsPct);
    expect(centres[0]).toBeCloseTo(0.2095, 3);
    expect(centres[2]).toBeCloseTo(4.0095, 3);
    expect(c.assignment.clusters[0].centre.stateAdmissionsPer100k).toBeCloseTo((268 / regions.get(84000048)!.population!) * 1e5, 6);
    expect(c.assignment.clusters[2].label).toContain("increasing");
    // Florida has no admissions: its 20 counties take the mean, and the method says so.
    expect(c.withoutAdmissions).toBe(20);
    expect(c.assignment.method).toContain("20 counties without fresh state admissions");
    // The same data again: identical partition (ARI 1 against the previous run).
    const again = computeCurrentClusters(data, regions, "run-2", c.run)!;
    expect(again.run.ariPrevious).toBeCloseTo(1, 12);
  });

  test("fewer than 20 counties, or no data: no clusters", async () => {
    expect(computeCurrentClusters(await loadWeeklyData(fakeWeeklyStore(rows.slice(0, 19))), regions, "r")).toBeNull();
    expect(computeCurrentClusters(await loadWeeklyData(fakeWeeklyStore([])), regions, "r")).toBeNull();
  });
});

describe("weeklyHistory", () => {
  const rows = [
    ed(84006037, weeksBack(LAST, 1), null),
    ed(84006037, LAST, null),
    ed(84000006, weeksBack(LAST, 2), 0.18, { level: "very-low", trend: "no-change" }),
    ed(84000006, weeksBack(LAST, 1), 0.2, { level: "very-low", trend: "increasing" }),
    ed(84000006, LAST, 0.22, { level: "very-low", trend: "increasing" }),
    hosp(84000006, weeksBack(LAST, 1), 6000),
    hosp(84000006, LAST, 300),
  ];

  test("a county with no values shows its state's ED visits, and its state's admissions with levels", async () => {
    const data = await loadWeeklyData(fakeWeeklyStore(rows));
    const h = weeklyHistory(regions, data, { id: 84006037, from: weeksBack(LAST, 1) });
    expect(h.region).toEqual({ id: 84006037, name: "Los Angeles", level: "county" });
    expect(h.edVisits).toMatchObject({ regionId: 84000006, scope: "state", weeks: [weeksBack(LAST, 1), LAST], percentCovid: [0.2, 0.22], trend: ["increasing", "increasing"] });
    const pop = regions.get(84000006)!.population!;
    expect(h.hospitalAdmissions).toMatchObject({ regionId: 84000006, dataset: "covidhub-hosp", weekly: [6000, 300], population: pop });
    expect(h.hospitalAdmissions!.per100k[0]).toBeCloseTo((6000 / pop) * 1e5, 9);
    expect(h.hospitalAdmissions!.level).toEqual(["medium", "low"]); // 6,000 of 39.5 M = 15.2 per 100k
  });

  test("unknown region: 404; no weekly data: both parts null", async () => {
    expect(() => weeklyHistory(regions, null, { id: 1 })).toThrow("no region with id 1");
    expect(weeklyHistory(regions, null, { id: 84006037 })).toMatchObject({ edVisits: null, hospitalAdmissions: null });
  });
});
