// Two risk workers in one queue group, as on the two hosts: one with its snapshot, one started
// while its database is unreachable. The empty one must not take queries (NATS would hand it
// about half of them, and it could only answer 503); it loads by itself once the database is
// back, then answers; and a later outage does not stop it answering from its snapshot.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { request, type Mesh } from "../../mesh/mod.ts";
import { messages } from "../../domain/mod.ts";
import { connectTestMesh, uniqueContract, waitFor } from "../../mesh/testSupport.ts";
import type { Storage } from "../../sql/mod.ts";
import { startExposureRiskWorker, type ExposureRiskWorker } from "./main.ts";
import { fakeStorage, loadSample } from "./testSupport.ts";

const KINGS = 84036047;
const BROOKLYN = { lat: 40.6782, lon: -73.9442, groupSize: 20 };

/** A storage whose every call fails as an unreachable database does while `down` is true. */
function switchable(real: Storage): { storage: Storage; down: boolean; calls: number } {
  const state = { storage: real, down: true, calls: 0 };
  state.storage = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function" || prop === "close") return value;
      return async (...args: unknown[]) => {
        state.calls++;
        if (state.down) throw Object.assign(new Error("connect ECONNREFUSED 10.231.0.11:5432"), { code: "ECONNREFUSED" });
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return state;
}

let meshes: Mesh[] = [];
let client: Mesh;
let withData: ExposureRiskWorker | undefined;
let restarted: ExposureRiskWorker | undefined;
let db: ReturnType<typeof switchable>;

beforeAll(async () => {
  const sample = await loadSample();
  const contract = uniqueContract("rq");
  meshes = await Promise.all([connectTestMesh(contract, "risk-a"), connectTestMesh(contract, "risk-b"), connectTestMesh(contract, "client")]);
  client = meshes[2]!;
  withData = await startExposureRiskWorker({
    mesh: meshes[0]!,
    storage: fakeStorage(sample.regions, { "jhu-us": sample.series }),
    ascertainment: 5,
    riskModels: false,
    weekly: null,
  });
  db = switchable(fakeStorage(sample.regions, { "jhu-us": sample.series }));
  restarted = await startExposureRiskWorker({ mesh: meshes[1]!, storage: db.storage, ascertainment: 5, riskModels: false, weekly: null, rebuildRetryMs: 50 });
});

afterAll(async () => {
  await Promise.all([withData?.stop(), restarted?.stop()]);
  await Promise.all(meshes.map((m) => m.close()));
});

const ask = () => request(client, client.contract.subjects.riskQuery, messages.riskQuery, BROOKLYN, messages.riskAnswer, { timeoutMs: 5_000 });

describe("a risk worker takes queries only once it has data", () => {
  test("started while its database is down: it holds no snapshot and every query is answered by the other", async () => {
    expect(restarted!.snapshot()).toBeNull();
    expect(restarted!.answering()).toBe(false);
    expect(withData!.answering()).toBe(true);
    // With both in the queue group, 40 requests would reach the empty one about 20 times.
    const answers = await Promise.all(Array.from({ length: 40 }, ask));
    expect(answers.map((a) => a.value.region.id)).toEqual(Array(40).fill(KINGS));
  });

  test("the database returns: it loads by itself (no commit event) and joins", async () => {
    const callsWhileDown = db.calls;
    await waitFor(() => db.calls > callsWhileDown, "a retried load while the database is down");
    db.down = false;
    await waitFor(() => restarted!.answering(), "the restarted worker answering", 15_000);
    expect(restarted!.snapshot()!.series.size).toBeGreaterThan(0);
  });

  test("a later outage: it keeps answering from the snapshot it holds", async () => {
    db.down = true;
    await restarted!.rebuild(); // fails, keeps the previous snapshot
    await withData!.stop(); // only the restarted worker is left to answer
    withData = undefined;
    const answers = await Promise.all(Array.from({ length: 10 }, ask));
    expect(answers.map((a) => a.value.region.id)).toEqual(Array(10).fill(KINGS));
    expect(restarted!.answering()).toBe(true);
  });
});
