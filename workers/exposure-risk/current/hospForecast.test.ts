// Hospital-admission forecasts in the risk worker: computed from the stored NHSN
// admissions when the worker starts, recomputed once per new publication (not on an ingest that
// brought none), stored in the forecasts table (PGlite in memory), served over the mesh (JSON
// and hubverse CSV, 404 for a county) and summarised in the risk answer of a point in Texas.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { emit, request, type Mesh } from "../../../mesh/mod.ts";
import { dayOfIso, messages } from "../../../domain/mod.ts";
import { connectTestMesh, uniqueContract, waitFor } from "../../../mesh/testSupport.ts";
import { HUBVERSE_HEADER } from "../../../models/forecast/hosp/mod.ts";
import { createPgliteStorage } from "../../../sql/drivers/pglite.ts";
import type { Storage } from "../../../sql/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../main.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { createHospForecastState } from "./hospForecasts.ts";
import { ed, fakeWeeklyStore, hosp, weeksBack, type FakeWeeklyRow } from "./testSupport.ts";

const LAST = "2025-12-27";
const TEXAS = 84000048;
const HOUSTON = { lat: 29.7604, lon: -95.3698, groupSize: 10 };
/** States (UID) with a typical weekly count, and the US. */
const REGIONS: Array<[number, number]> = [
  [84000048, 300],
  [84000006, 500],
  [84000036, 250],
  [84000012, 350],
  [84000017, 150],
  [84000042, 160],
  [84000039, 140],
  [84000013, 120],
  [84000037, 110],
  [84000026, 100],
  [84000056, 8],
  [84000050, 5],
  [840, 4000],
];

/** 40 weeks of a smooth wave per region, one publication (asOf `asOf`), ending `last`. */
function publication(last: string, asOf: string, weeks = 40): FakeWeeklyRow[] {
  const rows: FakeWeeklyRow[] = [];
  for (const [id, base] of REGIONS) {
    for (let w = weeks - 1; w >= 0; w--) {
      const t = dayOfIso(weeksBack(last, w)) / 7;
      rows.push(hosp(id, weeksBack(last, w), Math.round(base * (1 + 0.6 * Math.sin(t / 6 + id / 1e6)) + (t % 3)), { asOf }));
    }
  }
  return rows;
}

const rows: FakeWeeklyRow[] = [ed(84048201, LAST, 0.27), ...publication(LAST, "2025-12-31")];
const store = fakeWeeklyStore(rows);
let pg: Storage;
let workerMesh: Mesh;
let clientMesh: Mesh;
let worker: ExposureRiskWorker;

beforeAll(async () => {
  const sample = await loadSample();
  pg = createPgliteStorage(undefined);
  await pg.migrate();
  const storage = { ...fakeStorage(sample.regions, {}), saveForecasts: pg.saveForecasts.bind(pg), listForecasts: pg.listForecasts.bind(pg) } as Storage;
  const contract = uniqueContract("hosp");
  [workerMesh, clientMesh] = await Promise.all([connectTestMesh(contract, "exposure-risk"), connectTestMesh(contract, "client")]);
  worker = await startExposureRiskWorker({ mesh: workerMesh, storage, ascertainment: 5, datasets: [], weekly: store, riskModels: false });
  await worker.riskModelsIdle();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.all([workerMesh?.close(), clientMesh?.close()]);
  await pg?.close();
});

const ask = (id: number, format?: "hubverse") =>
  request(clientMesh, clientMesh.contract.subjects.hospForecastGet, messages.hospForecastQuery, { id, ...(format ? { format } : {}) }, messages.hospForecast, { timeoutMs: 5000 });

test("the stored publication is forecast once at start: Texas, 5 horizons × 23 monotone quantiles, stored", async () => {
  expect(worker.hospForecasts()!.recomputes()).toBe(1);
  const f = (await ask(TEXAS)).value;
  expect(f).toMatchObject({ region: { id: TEXAS, name: "Texas", level: "state" }, location: "48", model: "covid-mesh", target: "wk inc covid hosp" });
  expect(f.referenceDate).toBe("2026-01-03"); // the Saturday after the newest week
  expect(f.lastObservedWeek).toBe(LAST);
  expect(f.lastObservedValue).toBe(rows.find((r) => r.regionId === TEXAS && r.week === LAST)!.value);
  expect(f.horizons.map((h) => [h.horizon, h.targetEndDate])).toEqual([
    [-1, "2025-12-27"],
    [0, "2026-01-03"],
    [1, "2026-01-10"],
    [2, "2026-01-17"],
    [3, "2026-01-24"],
  ]);
  for (const h of f.horizons) {
    expect(h.quantiles).toHaveLength(23);
    for (let q = 1; q < 23; q++) expect(h.quantiles[q].value).toBeGreaterThanOrEqual(h.quantiles[q - 1].value);
    expect(h.quantiles[0].value).toBeGreaterThanOrEqual(0);
    expect(h.median).toBe(h.quantiles[11].value);
    // Horizon −1 is the revision of the last reported week: one stored version, no revision seen, no width.
    if (h.horizon >= 0) expect(h.quantiles[22].value).toBeGreaterThan(h.quantiles[0].value);
  }
  expect(f.hubverseCsv).toBeUndefined();

  const csv = (await ask(TEXAS, "hubverse")).value.hubverseCsv!;
  const lines = csv.trimEnd().split("\n");
  expect(lines[0]).toBe(HUBVERSE_HEADER);
  expect(lines).toHaveLength(1 + 5 * 23);
  expect(lines[1]).toStartWith("2026-01-03,48,-1,wk inc covid hosp,2025-12-27,quantile,0.01,");

  const stored = await pg.listForecasts(TEXAS, { model: "covid-mesh" });
  expect(stored.map((s) => s.target)).toEqual(["-1 wk inc covid hosp", "0 wk inc covid hosp", "1 wk inc covid hosp", "2 wk inc covid hosp", "3 wk inc covid hosp"]);
  expect(stored[2].quantiles).toEqual(f.horizons[2].quantiles.map((q) => q.value));
  expect(stored[0].forecastDay).toBe(dayOfIso("2026-01-03"));
});

test("a county has no admission forecast: no_hosp_forecast", async () => {
  const err = await ask(84048201).then(
    () => null,
    (e: unknown) => e as { code?: string },
  );
  expect(err).toMatchObject({ code: "no_hosp_forecast" });
});

test("the risk answer in Houston carries Texas' forecast; for a past date it does not", async () => {
  const s = clientMesh.contract.subjects;
  const now = (await request(clientMesh, s.riskQuery, messages.riskQuery, HOUSTON, messages.riskAnswer, { timeoutMs: 5000 })).value;
  expect(now.current.hospitalAdmissions?.regionId).toBe(TEXAS);
  const summary = now.hospitalAdmissionsForecast!;
  expect(summary).toMatchObject({ regionId: TEXAS, location: "48", referenceDate: "2026-01-03", target: "wk inc covid hosp" });
  expect(summary.horizons).toHaveLength(5);
  for (const h of summary.horizons) expect(h.lower95 <= h.lower50 && h.lower50 <= h.median && h.median <= h.upper50 && h.upper50 <= h.upper95).toBe(true);
  const f = (await ask(TEXAS)).value;
  expect(summary.horizons[4].median).toBe(f.horizons[4].median);
  expect(summary.horizons[4].upper95).toBe(f.horizons[4].quantiles[21].value);

  const past = (await request(clientMesh, s.riskQuery, messages.riskQuery, { ...HOUSTON, date: "2025-12-25" }, messages.riskAnswer, { timeoutMs: 5000 })).value;
  expect(past.current.hospitalAdmissions?.weekEnding).toBe(weeksBack(LAST, 1));
  expect(past.hospitalAdmissionsForecast).toBeNull();
});

test("a new publication triggers exactly one recompute; an ingest without one triggers none", async () => {
  const s = workerMesh.contract.subjects;
  const state = worker.hospForecasts()!;
  const next = "2026-01-03";
  rows.push(...publication(next, "2026-01-07"));
  const commit = (jobId: string) =>
    emit(workerMesh, s.observationsCommitted, messages.observationsCommitted, {
      jobId,
      source: "covidhub-hosp",
      dataset: "covidhub-hosp",
      counts: { accepted: 1, unchanged: 0, revised: 0, rejected: 0, regions: 1 },
    });
  commit("job-hosp-2");
  await waitFor(() => state.latest()?.referenceDay === dayOfIso("2026-01-10"), "the forecast of the new publication");
  expect(state.recomputes()).toBe(2);
  expect((await ask(TEXAS)).value.referenceDate).toBe("2026-01-10");
  // Both publications' forecasts are kept.
  expect(await pg.listForecasts(TEXAS, { model: "covid-mesh", forecastDay: dayOfIso("2026-01-03") })).toHaveLength(5);
  expect(await pg.listForecasts(TEXAS, { model: "covid-mesh", forecastDay: dayOfIso("2026-01-10") })).toHaveLength(5);

  const loadsBefore = store.loads.length;
  commit("job-hosp-3");
  await waitFor(() => store.loads.filter((l) => l.metric === "ed-visits-prop").length > 0 && store.loads.length >= loadsBefore + 6, "the reload after the second ingest");
  await worker.riskModelsIdle();
  expect(state.recomputes()).toBe(2);
}, 30_000);

test("deterministic: the same stored data gives the same forecasts", async () => {
  const a = createHospForecastState({ store });
  const b = createHospForecastState({ store });
  await Promise.all([a.refresh(), b.refresh()]);
  const ra = a.latest()!;
  const rb = b.latest()!;
  expect(ra.byRegion.size).toBe(REGIONS.length);
  for (const [id, list] of ra.byRegion) {
    const other = rb.byRegion.get(id)!;
    expect(other.map((f) => Array.from(f.quantiles))).toEqual(list.map((f) => Array.from(f.quantiles)));
  }
});

test("a publication the forecaster rejects is not served and not retried on the next ingest", async () => {
  // Admissions of a county only: no hub location, so the model has nothing to forecast.
  const state = createHospForecastState({ store: fakeWeeklyStore([hosp(84048201, LAST, 12), hosp(84048201, weeksBack(LAST, 1), 10)]) });
  await state.refresh();
  await state.refresh();
  expect(state.latest()).toBeNull();
  expect(state.recomputes()).toBe(1);
});

test("earlier publications are read too: revisions raise the last weeks and give horizon −1 a width", async () => {
  const plusDays = (iso: string, d: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
  // Every week first published at 80% of its value on the Wednesday after it, completed a week later.
  const vintages: FakeWeeklyRow[] = [];
  for (const r of publication(LAST, "2025-12-31")) {
    vintages.push({ ...r, asOf: plusDays(r.week, 4), value: Math.round(r.value! * 0.8) });
    if (plusDays(r.week, 11) <= "2025-12-31") vintages.push({ ...r, asOf: plusDays(r.week, 11) });
  }
  // The same newest publication without the earlier ones.
  const newest = new Map(vintages.map((v) => [`${v.regionId}|${v.week}`, v]));
  const withVintages = createHospForecastState({ store: fakeWeeklyStore(vintages) });
  const newestOnly = createHospForecastState({ store: fakeWeeklyStore([...newest.values()]) });
  await Promise.all([withVintages.refresh(), newestOnly.refresh()]);
  const tx = withVintages.latest()!.byRegion.get(TEXAS)!;
  const txNewest = newestOnly.latest()!.byRegion.get(TEXAS)!;
  const lastPublished = newest.get(`${TEXAS}|${LAST}`)!.value!;
  // The newest week (published at 80%) is raised by the revisions learnt from earlier publications.
  expect(tx[0].quantiles[11]).toBeGreaterThan(lastPublished * 1.1);
  expect(tx[0].quantiles[22]).toBeGreaterThan(tx[0].quantiles[0]);
  // Without them, horizon −1 is the published value with no width.
  expect(txNewest[0].quantiles[11]).toBeCloseTo(lastPublished, 6);
  expect(txNewest[0].quantiles[22]).toBeCloseTo(txNewest[0].quantiles[0], 6);
});
