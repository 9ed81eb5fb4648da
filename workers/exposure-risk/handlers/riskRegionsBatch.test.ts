// covid.risk.regions.batch's handler over a snapshot of the bundled real sample: each query of a
// batch gets what it would get alone, in the batch's order; a failing query fails alone.
import { describe, expect, test } from "bun:test";
import { silentLogger, toRemoteErrorPayload, type RiskRegionQuery } from "../../../mesh/mod.ts";
import { buildSnapshot } from "../snapshot.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { riskRegionsHandler } from "./riskRegions.ts";
import { riskRegionsBatchHandler } from "./riskRegionsBatch.ts";

const sample = await loadSample();
const snapshot = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": sample.series }), ["jhu-us"]);
const COOK = [84017031, 84000017];
const HARRIS = [84048201, 84000048];
const one = riskRegionsHandler({ snapshot: () => snapshot, ascertainment: 5, weeklyFor: async () => null, hospRun: () => null });
const batch = riskRegionsBatchHandler(one, silentLogger, "t.covid.risk.regions.batch");

describe("riskRegionsBatchHandler", () => {
  test("each query's result is the one it gets alone, in the batch's order; a failing query fails alone", async () => {
    const queries: RiskRegionQuery[] = [
      { lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: COOK },
      { lat: 41.8781, lon: -87.6298, groupSize: 20, date: "2019-01-01", regionIds: COOK },
      { lat: 29.76, lon: -95.37, groupSize: 50, regionIds: HARRIS },
      { lat: 41.95, lon: -87.75, groupSize: 30, regionIds: COOK },
    ];
    const results = await batch({ queries });
    expect(results).toHaveLength(4);
    const alone = await Promise.all(
      queries.map((q) =>
        one(q).then(
          (frame) => ({ frame }),
          (err) => ({ error: toRemoteErrorPayload(err) }),
        ),
      ),
    );
    expect(results).toEqual(alone);
    expect("error" in results[1] && results[1].error.code).toBe("no_data_for_date");
    for (const i of [0, 2, 3]) expect("frame" in results[i]).toBe(true);
    // The order is the queries' order: Cook, (error), Harris, Cook with another group size.
    const ids = [0, 2, 3].map((i) => JSON.parse((results[i] as { frame: { parts: string[] } }).frame.parts.join("0")).region.id);
    expect(ids).toEqual([84017031, 84048201, 84017031]);
  });

  test("a query that throws something unexpected answers internal, and the others still answer", async () => {
    const flaky = riskRegionsBatchHandler(
      async (q) => {
        if (q.groupSize === 13) throw new Error("boom");
        return one(q);
      },
      silentLogger,
      "t.covid.risk.regions.batch",
    );
    const results = await flaky({
      queries: [
        { lat: 41.8781, lon: -87.6298, groupSize: 13, regionIds: COOK },
        { lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: COOK },
      ],
    });
    expect(results[0]).toEqual({ error: { code: "internal", message: "internal error while handling the request" } });
    expect(results[1]).toEqual({ frame: await one({ lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: COOK }) });
  });

  test("a query naming its current frame's tag gets unchanged; a stale or absent tag gets the frame", async () => {
    const q = { lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: COOK };
    const frame = await one(q);
    const results = await batch({
      queries: [{ ...q, known: frame.tag }, { ...q, known: "stale0" }, q, { ...q, groupSize: 21, known: frame.tag }],
    });
    expect(results[0]).toEqual({ unchanged: true });
    expect(results[1]).toEqual({ frame });
    expect(results[2]).toEqual({ frame });
    expect("frame" in results[3] && results[3].frame.tag).not.toBe(frame.tag);
  });
});
