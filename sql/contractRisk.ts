// Storage contract, part 3: risk-model results (snapshots, forecasts, cluster runs). Run
// against every driver beside the main contract (postgresJs.test.ts, pglite.test.ts).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DAY0, uid } from "./contractFixtures.ts";
import { InvalidRiskResultError } from "./errors.ts";
import type { ClusterRunInput, ForecastSet, RiskSnapshotRecord, Storage } from "./types.ts";

const regionBase = () => 700_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

function snapshot(regionId: number, runId: string, over: Partial<RiskSnapshotRecord> = {}): RiskSnapshotRecord {
  return {
    regionId,
    dataset: "jhu-us",
    day: DAY0 + 30,
    runId,
    newCases7dAvg: 12.5,
    caseDensity: 8.25,
    weeklyCasesPer100k: 57.75,
    growthRate: 0.021,
    doublingTime: 33.0,
    newDeaths7dAvg: 0.25,
    deathsPer100k: 40.5,
    weeklyDeathsPer100k: 1.75,
    rt: 1.12,
    rtLow: 1.01,
    rtHigh: 1.24,
    rtLagDays: 9,
    caseDensityLevel: "medium",
    infectionRateLevel: "critical",
    overallLevel: "critical",
    cdcLevel: "substantial",
    mobilityChange: null,
    prevalence: 0.0029,
    prevalenceLow: 0.0017,
    prevalenceHigh: 0.0058,
    clusterRunId: null,
    cluster: null,
    ...over,
  };
}

function forecastSet(regionIds: number[], model: string, forecastDay: number, runId: string, scale = 1): ForecastSet {
  const targets = ["1 wk ahead inc case", "2 wk ahead inc case", "1 wk ahead inc death"];
  const n = regionIds.length * targets.length;
  const quantiles = new Float64Array(n * 23);
  for (let i = 0; i < quantiles.length; i++) quantiles[i] = scale * (Math.floor(i / 23) * 100 + (i % 23));
  return {
    model,
    forecastDay,
    runId,
    regionId: Int32Array.from({ length: n }, (_, i) => regionIds[Math.floor(i / targets.length)]),
    location: Array.from({ length: n }, (_, i) => String(regionIds[Math.floor(i / targets.length)])),
    target: Array.from({ length: n }, (_, i) => targets[i % targets.length]),
    targetEndDay: Int32Array.from({ length: n }, (_, i) => forecastDay - 2 + 7 * Number(targets[i % targets.length][0])),
    quantiles,
  };
}

function clusterRun(level: ClusterRunInput["level"], regionIds: number[], runId: string, previous: { id: number; ari: number } | null = null): ClusterRunInput {
  return {
    level,
    runId,
    features: ["caseDensity", "rt"],
    k: 2,
    silhouette: 0.61,
    calinskiHarabasz: 812.5,
    seedStability: 1,
    ariPrevious: previous?.ari ?? null,
    previousRunId: previous?.id ?? null,
    centroids: Float64Array.of(1.5, 0.9, 30, 1.3),
    asOfDay: DAY0 + 30,
    regionId: Int32Array.from(regionIds),
    cluster: Int32Array.from(regionIds, (_, i) => i % 2),
  };
}

export function defineRiskContract(name: string, makeStorage: () => Promise<Storage> | Storage): void {
  describe(`Storage contract (risk results): ${name}`, () => {
    let s: Storage;
    beforeAll(async () => {
      s = await makeStorage();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });

    test("snapshots: upsert per region keeps the latest; nulls round-trip", async () => {
      const base = regionBase();
      const run1 = uid("run");
      expect(await s.saveRiskSnapshots([snapshot(base + 1, run1), snapshot(base + 2, run1, { rt: null, rtLow: null, rtHigh: null })])).toBe(2);
      expect(await s.getRiskSnapshot(base + 2)).toEqual(snapshot(base + 2, run1, { rt: null, rtLow: null, rtHigh: null }));
      const run2 = uid("run");
      const newer = snapshot(base + 1, run2, { day: DAY0 + 31, caseDensity: 80.5, caseDensityLevel: "extreme", clusterRunId: 7, cluster: 3 });
      expect(await s.saveRiskSnapshots([newer])).toBe(1);
      expect(await s.getRiskSnapshot(base + 1)).toEqual(newer);
      expect(await s.getRiskSnapshot(base + 9)).toBeNull();
    });

    test("snapshots: bad rows are refused with InvalidRiskResultError and nothing is written", async () => {
      const base = regionBase();
      const run = uid("run");
      await expect(s.saveRiskSnapshots([snapshot(base + 1, run), snapshot(base + 2, run, { rt: NaN })])).rejects.toBeInstanceOf(InvalidRiskResultError);
      await expect(s.saveRiskSnapshots([snapshot(base + 1, run), snapshot(base + 1, run)])).rejects.toBeInstanceOf(InvalidRiskResultError);
      expect(await s.getRiskSnapshot(base + 1)).toBeNull();
    });

    test("forecasts: 23 quantiles per target round-trip; a re-run replaces; the latest date is the default", async () => {
      const base = regionBase();
      const ids = [base + 1, base + 2];
      const monday = DAY0 + 2; // 2020-02-10 is a Monday
      const model = uid("model");
      expect(await s.saveForecasts(forecastSet(ids, model, monday, "r1"))).toBe(6);
      expect(await s.saveForecasts(forecastSet(ids, model, monday, "r2", 2))).toBe(6);
      expect(await s.saveForecasts(forecastSet(ids, model, monday + 7, "r3", 3))).toBe(6);
      const latest = await s.listForecasts(base + 2, { model });
      expect(latest.map((f) => f.target)).toEqual(["1 wk ahead inc case", "1 wk ahead inc death", "2 wk ahead inc case"]);
      expect(latest[0]).toEqual({
        model,
        regionId: base + 2,
        location: String(base + 2),
        forecastDay: monday + 7,
        target: "1 wk ahead inc case",
        targetEndDay: monday + 12,
        quantiles: Array.from({ length: 23 }, (_, q) => 3 * (300 + q)),
        runId: "r3",
      });
      const first = await s.listForecasts(base + 1, { model, forecastDay: monday });
      expect(first).toHaveLength(3);
      expect(first.every((f) => f.runId === "r2")).toBe(true);
      expect(first[0].quantiles[22]).toBe(2 * 22);
      expect(await s.listForecasts(base + 5)).toEqual([]);
    });

    test("forecasts: decreasing or negative quantiles and duplicate targets are refused", async () => {
      const base = regionBase();
      const model = uid("model");
      const bad = forecastSet([base + 1], model, DAY0 + 2, "r1");
      bad.quantiles[5] = 1e9;
      await expect(s.saveForecasts(bad)).rejects.toBeInstanceOf(InvalidRiskResultError);
      const dup = forecastSet([base + 1, base + 1], model, DAY0 + 2, "r1");
      await expect(s.saveForecasts(dup)).rejects.toBeInstanceOf(InvalidRiskResultError);
      expect(await s.listForecasts(base + 1, { model })).toEqual([]);
    });

    test("forecasts: hospital-admission targets with their horizon (−1…3) round-trip; other names are refused", async () => {
      const base = regionBase();
      const model = uid("model");
      const set = forecastSet([base + 1], model, DAY0 + 2, "r1");
      set.target = ["-1 wk inc covid hosp", "0 wk inc covid hosp", "3 wk inc covid hosp"];
      expect(await s.saveForecasts(set)).toBe(3);
      const back = await s.listForecasts(base + 1, { model });
      expect(back.map((f) => f.target).sort()).toEqual(["-1 wk inc covid hosp", "0 wk inc covid hosp", "3 wk inc covid hosp"]);
      const bad = forecastSet([base + 2], model, DAY0 + 2, "r1");
      bad.target = ["1 wk inc covid hosp", "wk inc covid hosp", "2 wk inc flu hosp"];
      await expect(s.saveForecasts(bad)).rejects.toBeInstanceOf(InvalidRiskResultError);
      expect(await s.listForecasts(base + 2, { model })).toEqual([]);
    });

    test("cluster runs: stored with assignments; the latest per level comes back whole", async () => {
      const base = regionBase();
      const first = await s.saveClusterRun(clusterRun("country", [base + 1, base + 2, base + 3], uid("run")));
      expect(first.id).toBeGreaterThan(0);
      const second = await s.saveClusterRun(clusterRun("country", [base + 3, base + 1], uid("run"), { id: first.id, ari: 0.42 }));
      expect(second.id).toBeGreaterThan(first.id);
      // Each driver suite has its database to itself (a throwaway one, or PGlite in memory).
      const latest = (await s.latestClusterRun("country"))!;
      expect(latest).toMatchObject({ id: second.id, level: "country", k: 2, ariPrevious: 0.42, previousRunId: first.id, features: ["caseDensity", "rt"], asOfDay: DAY0 + 30 });
      expect(Array.from(latest.regionId)).toEqual([base + 1, base + 3]);
      expect(Array.from(latest.cluster)).toEqual([1, 0]);
      expect(Array.from(latest.centroids)).toEqual([1.5, 0.9, 30, 1.3]);
      expect(latest.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect((await s.listClusterRuns("country", 5)).map((r) => r.id)).toEqual([second.id, first.id]);
      expect(await s.latestClusterRun("state")).toBeNull();
      expect(latest.kind).toBe("historical");
      await expect(s.saveClusterRun({ ...clusterRun("country", [base + 1], uid("run")), cluster: Int32Array.of(5) })).rejects.toBeInstanceOf(InvalidRiskResultError);
      await expect(s.saveClusterRun({ ...clusterRun("county", [base + 1], uid("run")), silhouette: NaN })).rejects.toBeInstanceOf(InvalidRiskResultError);
    });

    test("cluster runs of the current indicators keep their own history beside the historical ones", async () => {
      const base = regionBase();
      const historical = await s.saveClusterRun(clusterRun("state", [base + 1, base + 2], uid("run")));
      const current = await s.saveClusterRun({ ...clusterRun("state", [base + 2, base + 3], uid("run")), kind: "current" });
      expect(current).toMatchObject({ kind: "current", level: "state" });
      expect((await s.latestClusterRun("state"))!.id).toBe(historical.id);
      const latestCurrent = (await s.latestClusterRun("state", "current"))!;
      expect(latestCurrent).toMatchObject({ id: current.id, kind: "current" });
      expect(Array.from(latestCurrent.regionId)).toEqual([base + 2, base + 3]);
      expect((await s.listClusterRuns("state", 5)).map((r) => r.id)).toEqual([historical.id]);
      expect((await s.listClusterRuns("state", 5, "current")).map((r) => r.id)).toEqual([current.id]);
    });
  });
}
