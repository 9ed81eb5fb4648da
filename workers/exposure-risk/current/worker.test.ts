// The worker serves `current`, the weekly history and the current clusters over the real mesh
// (shared NATS, unique prefix), from a fake weekly store; an ingest of a weekly source that
// finishes (its commit event) reloads the weekly data, and gateways are told to drop caches.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { emit, listen, request, type Mesh } from "../../../mesh/mod.ts";
import { messages } from "../../../domain/mod.ts";
import { connectTestMesh, uniqueContract, waitFor } from "../../../mesh/testSupport.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../main.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { ed, fakeWeeklyStore, hosp, weeksBack, type FakeWeeklyRow } from "./testSupport.ts";

const LAST = "2025-12-27";
const HOUSTON = { lat: 29.7604, lon: -95.3698, groupSize: 10 };
const rows: FakeWeeklyRow[] = [];
const store = fakeWeeklyStore(rows);
let workerMesh: Mesh;
let clientMesh: Mesh;
let worker: ExposureRiskWorker;
let snapshotEvents = 0;
let stopListening: () => Promise<void>;
let countyIds: Set<number>;

beforeAll(async () => {
  const sample = await loadSample();
  const texasCounties = sample.regions.filter((r) => r.level === "county" && r.fips?.startsWith("48") && r.fips.length === 5).slice(0, 30);
  countyIds = new Set([84048201, ...texasCounties.map((c) => c.id)]);
  rows.push(
    ed(84048201, LAST, 0.27, { level: "very-low", trend: "increasing" }),
    ...texasCounties.filter((c) => c.id !== 84048201).map((c, i) => ed(c.id, LAST, 0.1 + (i % 3), { trend: i % 2 ? "increasing" : "decreasing" })),
    hosp(84000048, weeksBack(LAST, 1), 197),
    hosp(84000048, LAST, 268),
  );
  const contract = uniqueContract("cur");
  [workerMesh, clientMesh] = await Promise.all([connectTestMesh(contract, "exposure-risk"), connectTestMesh(contract, "client")]);
  const l = listen(clientMesh, contract.subjects.riskSnapshotUpdated, messages.riskSnapshotUpdated, () => void snapshotEvents++);
  stopListening = () => l.stop();
  await clientMesh.nc.flush();
  worker = await startExposureRiskWorker({ mesh: workerMesh, storage: fakeStorage(sample.regions, {}), ascertainment: 5, datasets: [], weekly: store, riskModels: false });
  await worker.riskModelsIdle();
});

afterAll(async () => {
  await worker?.stop();
  await stopListening?.();
  await Promise.all([workerMesh?.close(), clientMesh?.close()]);
});

test("risk over the mesh: current from Harris County and Texas; the weekly history; the current clusters", async () => {
  const s = clientMesh.contract.subjects;
  const a = await request(clientMesh, s.riskQuery, messages.riskQuery, HOUSTON, messages.riskAnswer, { timeoutMs: 5000 });
  expect(a.value.current.edVisits).toMatchObject({ regionId: 84048201, scope: "county", weekEnding: LAST, percentCovid: 0.27 });
  expect(a.value.current.hospitalAdmissions).toMatchObject({ regionId: 84000048, weekly: 268, level: "low" });

  const batch = await request(clientMesh, s.riskBatch, messages.riskBatchQuery, { queries: [HOUSTON, { ...HOUSTON, date: "2025-12-25" }] }, messages.riskBatchResult, {
    timeoutMs: 5000,
  });
  const [now, before] = batch.value.results.map((r) => ("answer" in r ? r.answer : null));
  expect(now?.current.hospitalAdmissions?.weekEnding).toBe(LAST);
  expect(before?.current.hospitalAdmissions).toMatchObject({ weekEnding: weeksBack(LAST, 1), weekly: 197 });

  const h = await request(clientMesh, s.weeklyGet, messages.weeklyQuery, { id: 84048201 }, messages.weeklyHistory, { timeoutMs: 5000 });
  expect(h.value.edVisits).toMatchObject({ regionId: 84048201, scope: "county", weeks: [LAST] });
  expect(h.value.hospitalAdmissions?.weekly).toEqual([197, 268]);

  const c = await request(clientMesh, s.clustersList, messages.clustersQuery, { run: "current" }, messages.clusters, { timeoutMs: 5000 });
  expect(c.value.run).toBe("current");
  expect(c.value.asOf).toBe(LAST);
  expect(new Set(c.value.members.regionIds)).toEqual(countyIds);
  expect(c.value.members.regionIds).toContain(84048201);
  const historical = await request(clientMesh, s.clustersList, messages.clustersQuery, {}, messages.clusters, { timeoutMs: 5000 });
  expect(historical.value.run).toBe("historical");
});

test("a finished ingest of a weekly source reloads the weekly data and tells gateways", async () => {
  const s = clientMesh.contract.subjects;
  const eventsBefore = snapshotEvents;
  const next = "2026-01-03";
  rows.push(ed(84048201, next, 0.5, { level: "low", trend: "increasing", asOf: "2026-01-07" }));
  emit(workerMesh, s.observationsCommitted, messages.observationsCommitted, {
    jobId: "job-nssp-1",
    source: "nssp-ed-visits",
    dataset: "nssp-ed-visits",
    counts: { accepted: 1, unchanged: 0, revised: 0, rejected: 0, regions: 1 },
  });
  await waitFor(async () => {
    const a = await request(clientMesh, s.riskQuery, messages.riskQuery, HOUSTON, messages.riskAnswer, { timeoutMs: 5000 });
    return a.value.current.edVisits?.weekEnding === next;
  }, "the new week in the answer");
  await waitFor(() => snapshotEvents > eventsBefore, "a snapshot-updated event for gateways");
  // The weekly source did not join the daily datasets.
  expect(worker.snapshot()!.datasets).not.toContain("nssp-ed-visits");
  // Admissions now: Texas' newest week (12-27) is within 21 days of its own source's newest.
  const a = await request(clientMesh, s.riskQuery, messages.riskQuery, HOUSTON, messages.riskAnswer, { timeoutMs: 5000 });
  expect(a.value.current.hospitalAdmissions?.weekEnding).toBe(LAST);
});
