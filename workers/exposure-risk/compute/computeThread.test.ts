// The recompute on its own thread: the same models as on the caller's thread, and while it
// runs (here: held, synchronously, as a long computation holds its thread) the worker keeps
// answering from the snapshot it has and even swaps in a rebuilt one. On the answering thread
// the held recompute could not have let the query through: the hold is released only after
// the answer arrived, so the test would deadlock instead of passing.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { messages } from "../../../domain/mod.ts";
import { request, type Mesh } from "../../../mesh/mod.ts";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "../../../mesh/testSupport.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "../main.ts";
import { buildSnapshot } from "../snapshot.ts";
import { fakeStorage, filterSeries, loadSample } from "../testSupport.ts";
import { computeRiskModels } from "./computeRiskModels.ts";
import { computeRiskModelsOffThread } from "./computeThread.ts";
import type { RegionForecast } from "../snapshotTypes.ts";
import type { RiskModels } from "./types.ts";

const KINGS = 84036047;
const sample = await loadSample();
// Counties of New York and New Jersey (≈ 80, enough to cluster): keeps each recompute to seconds.
const series = filterSeries(sample.series, (id) => id >= 84_034_000 && id < 84_037_000);
const storage = fakeStorage(sample.regions, { "jhu-us": series });

/** What a run computes, without what differs per run (its id, clock and timings). */
function comparable(m: RiskModels) {
  const latest = [...m.latest.values()].map(({ runId: _, ...r }) => r);
  // Forecast values as plain arrays: off the thread they are views into one transferred buffer.
  const plain = (byRegion: Map<number, RegionForecast>) =>
    [...byRegion].map(([id, f]) => [id, { ...f, cases: f.cases && Array.from(f.cases), deaths: f.deaths && Array.from(f.deaths) }]);
  return {
    lastDay: m.lastDay,
    latest,
    forecasts: plain(m.forecasts),
    baseline: plain(m.baselineForecasts),
    runs: m.clusterRuns.map(({ runId: _, ...r }) => r),
    assignment: m.assignment,
  };
}

test("off the thread: the same figures, forecasts and clusters as on it", async () => {
  const snap = await buildSnapshot(storage, ["jhu-us"]);
  const [here, there] = [await computeRiskModels(snap.series.values(), { ascertainment: 5 }), await computeRiskModelsOffThread(snap.series.values(), { ascertainment: 5 })];
  expect(there.latest.size).toBeGreaterThan(60);
  expect(there.forecasts.size).toBeGreaterThan(60);
  expect(comparable(there)).toEqual(comparable(here));
  // The caller's series are still whole (the thread got copies, not the caller's buffers).
  expect(snap.series.get(KINGS)!.cumCases.length).toBeGreaterThan(0);
});

test("an aborted off-thread recompute rejects with the signal's reason", async () => {
  const snap = await buildSnapshot(storage, ["jhu-us"]);
  const ctl = new AbortController();
  const hold = new Int32Array(new SharedArrayBuffer(4)); // never released: only the abort ends it
  const run = computeRiskModelsOffThread(snap.series.values(), { ascertainment: 5, signal: ctl.signal }, { hold });
  ctl.abort(new Error("stopping"));
  await expect(run).rejects.toThrow("stopping");
});

let mesh: Mesh;
let client: Mesh;
let worker: ExposureRiskWorker | undefined;
const hold = new Int32Array(new SharedArrayBuffer(4));

beforeAll(async () => {
  const contract = uniqueContract("rthread");
  [mesh, client] = await Promise.all([connectTestMesh(contract, "exposure-risk"), connectTestMesh(contract, "client")]);
});

afterAll(async () => {
  Atomics.store(hold, 0, 1);
  await worker?.stop();
  if (client) await deleteContractStreams(client);
  await Promise.all([mesh?.close(), client?.close()]);
});

test("while the recompute holds its thread, queries are answered from the current snapshot and a rebuild swaps in", async () => {
  worker = await startExposureRiskWorker({ mesh, storage, ascertainment: 5, datasets: ["jhu-us"], recomputeThreadHooks: { hold } });
  const ask = () =>
    request(client, client.contract.subjects.riskQuery, messages.riskQuery, { lat: 40.6782, lon: -73.9442, groupSize: 20 }, messages.riskAnswer, { timeoutMs: 10_000 });

  // The recompute of the first snapshot is running (held): no models yet, and answers still come.
  const first = worker.snapshot()!;
  expect(first.models).toBeUndefined();
  const during = await ask();
  expect(Atomics.load(hold, 0)).toBe(0); // answered before the hold was released
  expect(during.value.region.id).toBe(KINGS);
  // No models yet: no cluster, and the forecast is the explicit baseline fallback.
  expect(during.value.cluster).toBeNull();
  expect(during.value.forecast?.model).toBe("COVIDhub-baseline");

  // A rebuild while the recompute is held: the new snapshot goes live at once.
  await worker.rebuild();
  const second = worker.snapshot()!;
  expect(second).not.toBe(first);
  expect(second.models).toBeUndefined();
  expect((await ask()).value.region.id).toBe(KINGS);
  expect(Atomics.load(hold, 0)).toBe(0);

  // Released: the held run and then the one for the rebuilt snapshot land, and answers use them.
  Atomics.store(hold, 0, 1);
  Atomics.notify(hold, 0);
  await worker.riskModelsIdle();
  const modeled = worker.snapshot()!;
  expect(modeled.models?.latest.get(KINGS)).toBeDefined();
  const after = await ask();
  expect(after.value.forecast?.model).toBe("covid-mesh");
  expect(after.value.cluster?.id).toBe(modeled.models!.assignment.byRegion.get(KINGS)!);
});

test("the recompute thread runs at a lower OS priority; the caller's thread keeps its own", async () => {
  const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, "utf8").split(") ")[1].split(" ")[16]);
  const own = niceOf(String(process.pid));
  const before = new Set(readdirSync("/proc/self/task"));
  const snap = await buildSnapshot(storage, ["jhu-us"]);
  const held = new Int32Array(new SharedArrayBuffer(4));
  const ctl = new AbortController();
  const run = computeRiskModelsOffThread(snap.series.values(), { ascertainment: 5, signal: ctl.signal }, { hold: held }).catch(() => undefined);
  const expected = Math.min(19, own + 10);
  const niced = async () => readdirSync("/proc/self/task").some((t) => !before.has(t) && niceOf(t) === expected);
  const deadline = Date.now() + 30_000;
  while (!(await niced()) && Date.now() < deadline) await Bun.sleep(20);
  expect(await niced()).toBe(true);
  expect(niceOf(String(process.pid))).toBe(own);
  ctl.abort(new Error("done"));
  await run;
});
