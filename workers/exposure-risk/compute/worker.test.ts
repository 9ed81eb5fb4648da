// The worker's recompute end to end over the real mesh and a throwaway Postgres database: the
// bundled real sample is served as the stored observations; after the snapshot is built the
// models are recomputed, answers switch to them (from memory), results are stored and the
// update event is published. A second rebuild stores a second run, compared with the first.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { listen, request, type Mesh } from "../../../mesh/mod.ts";
import { messages, type RiskModelsUpdated } from "../../../domain/mod.ts";
import { connectTestMesh, deleteContractStreams, uniqueContract, waitFor } from "../../../mesh/testSupport.ts";
import type { Storage } from "../../../sql/mod.ts";
import { createTestDatabase, type TestDatabase } from "../../../sql/testSupport.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../main.ts";
import { filterSeries, loadSample } from "../testSupport.ts";

const KINGS = 84036047;
let db: TestDatabase;
let storage: Storage;
let workerMesh: Mesh;
let clientMesh: Mesh;
let worker: ExposureRiskWorker;
const events: RiskModelsUpdated[] = [];
let stopListening: () => Promise<void>;

beforeAll(async () => {
  const sample = await loadSample();
  // Counties of New York and New Jersey (≈ 80, enough to cluster): keeps the recompute to seconds.
  const series = filterSeries(sample.series, (id) => id >= 84_034_000 && id < 84_037_000);
  db = await createTestDatabase(); // Postgres, or PGlite on a run without one
  const real = db.open();
  await real.migrate();
  // Results go to the real database; the observations are the sample, as if ingested.
  storage = { ...real, listRegions: async () => sample.regions, loadObservationSeries: async (d: string) => (d === "jhu-us" ? series : real.loadObservationSeries(d)) };
  const contract = uniqueContract("rm");
  [workerMesh, clientMesh] = await Promise.all([connectTestMesh(contract, "exposure-risk"), connectTestMesh(contract, "client")]);
  const l = listen(clientMesh, contract.subjects.riskModelsUpdated, messages.riskModelsUpdated, (ev) => void events.push(ev.value));
  stopListening = () => l.stop();
  await clientMesh.nc.flush();
  worker = await startExposureRiskWorker({ mesh: workerMesh, storage, ascertainment: 5, datasets: ["jhu-us"] });
});

afterAll(async () => {
  await worker?.stop();
  await stopListening?.();
  if (clientMesh) await deleteContractStreams(clientMesh);
  await Promise.all([workerMesh?.close(), clientMesh?.close()]);
  await storage?.close();
  await db?.drop();
});

test("after start: models recomputed, answered from memory, stored, and announced", async () => {
  await worker.riskModelsIdle();
  await waitFor(() => events.length >= 1, "the risk models update event");
  const ev = events[0];
  expect(ev).toMatchObject({ stored: true, lastDate: "2020-12-30" });
  const regions = new Set(worker.snapshot()!.series.keys()).size;
  expect(regions).toBeGreaterThan(60);
  expect(ev.regions).toBe(regions);
  expect(ev.forecastRegions).toBe(regions);
  // Both models, 8 targets per region (a region without deaths history has only its case targets).
  expect(ev.forecastRows).toBeGreaterThan(2 * 8 * (regions - 5));
  expect(ev.forecastRows).toBeLessThanOrEqual(2 * 8 * regions);
  expect(ev.clusterRuns).toHaveLength(1);
  expect(ev.clusterRuns[0]).toMatchObject({ level: "county", ariPrevious: null });

  // In memory: the risk answer's forecast and cluster come from the recompute.
  const snap = worker.snapshot()!;
  expect(snap.models?.runId).toBe(ev.runId);
  const answer = await request(clientMesh, clientMesh.contract.subjects.riskQuery, messages.riskQuery, { lat: 40.6782, lon: -73.9442, groupSize: 20 }, messages.riskAnswer, {
    timeoutMs: 5000,
  });
  expect(answer.value.region.id).toBe(KINGS);
  expect(answer.value.forecast?.model).toBe("covid-mesh");
  const risk = answer.value.eventRisk;
  expect(risk.interval!.low).toBeLessThan(risk.probability!);
  expect(risk.interval!.high).toBeGreaterThan(risk.probability!);
  expect(risk.contactFactor).toBe(1);
  const clusterId = snap.models!.assignment.byRegion.get(KINGS)!;
  expect(answer.value.cluster).toEqual({ id: clusterId, label: snap.models!.assignment.clusters[clusterId].label });
  const list = await request(clientMesh, clientMesh.contract.subjects.clustersList, messages.clustersQuery, {}, messages.clusters, { timeoutMs: 5000 });
  expect(list.value.method).toContain("Calinski–Harabasz");

  // Stored: the latest figures, both models' forecasts and the cluster run with its assignments.
  const stored = (await storage.getRiskSnapshot(KINGS))!;
  expect(stored).toMatchObject({ runId: ev.runId, day: snap.models!.latest.get(KINGS)!.day, clusterRunId: ev.clusterRuns[0].id });
  expect(stored.cluster).toBe(clusterId); // county is the only level: global ids equal the run's labels
  const forecasts = await storage.listForecasts(KINGS);
  expect(forecasts.map((f) => f.model).sort()).toEqual([...Array(8).fill("COVIDhub-baseline"), ...Array(8).fill("covid-mesh")]);
  expect(forecasts.every((f) => f.location === "36047" && f.quantiles.length === 23)).toBe(true);
  const run = (await storage.latestClusterRun("county"))!;
  expect(run.id).toBe(ev.clusterRuns[0].id!);
  expect(run.regionId.length).toBe(snap.models!.clusterRuns[0].regionId.length);
});

test("a rebuild recomputes: the new run is compared with the stored one (same data: ARI 1)", async () => {
  await worker.rebuild();
  await worker.riskModelsIdle();
  await waitFor(() => events.length >= 2, "the second update event");
  const [first, second] = events;
  expect(second.runId).not.toBe(first.runId);
  expect(second.clusterRuns[0].ariPrevious).toBeCloseTo(1, 12);
  const run = (await storage.latestClusterRun("county"))!;
  expect(run).toMatchObject({ id: second.clusterRuns[0].id, previousRunId: first.clusterRuns[0].id });
  expect((await storage.listClusterRuns("county")).length).toBe(2);
});
