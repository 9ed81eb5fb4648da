// covid.risk.regions over a snapshot of the bundled real sample: the frame is the point's own
// answer cut at its distances; by-point answers are marked; frames are remembered per region
// with the data they came from.
import { describe, expect, test } from "bun:test";
import { haversineKm } from "../../../models/mod.ts";
import { renderRiskFrame } from "../../../mesh/riskFrameMessages.ts";
import { answerRiskQuery } from "../answer.ts";
import { buildSnapshot } from "../snapshot.ts";
import type { Snapshot } from "../snapshotTypes.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { answerRiskRegions, riskRegionsHandler } from "./riskRegions.ts";

const sample = await loadSample();
const snapshot = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": sample.series }), ["jhu-us"]);
const COOK = [84017031, 84000017];

describe("answerRiskRegions", () => {
  test("for any point of the regions, the rendered frame is the point's own answer", () => {
    const frame = answerRiskRegions(snapshot, { lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: COOK }, 5, null);
    expect(frame.byPoint).toBe(false);
    for (const [lat, lon] of [
      [41.8781, -87.6298],
      [41.95, -87.75],
      [41.7, -87.6],
    ]) {
      expect(JSON.parse(renderRiskFrame(frame, lat, lon, haversineKm))).toEqual(answerRiskQuery(snapshot, { lat, lon, groupSize: 20 }, 5));
    }
  });

  test("no located region known (or none at all): the point decides, and the frame says so", () => {
    const unknown = answerRiskRegions(snapshot, { lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: [999_999_999] }, 5, null);
    expect(unknown.byPoint).toBe(true);
    expect(JSON.parse(unknown.parts[0])).toEqual(answerRiskQuery(snapshot, { lat: 41.8781, lon: -87.6298, groupSize: 20 }, 5));
    const sea = answerRiskRegions(snapshot, { lat: 0, lon: -30, groupSize: 20, regionIds: [] }, 5, null);
    expect(sea.byPoint).toBe(true);
    expect(JSON.parse(sea.parts[0]).match).toBe("nearest");
  });
});

describe("riskRegionsHandler", () => {
  test("remembers a region's frame until the snapshot is replaced", async () => {
    let current: Snapshot = snapshot;
    const handle = riskRegionsHandler({ snapshot: () => current, ascertainment: 5, weeklyFor: async () => null, hospRun: () => null });
    const a = await handle({ lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: COOK });
    const b = await handle({ lat: 41.95, lon: -87.75, groupSize: 20, regionIds: COOK });
    expect(b).toBe(a);
    expect(await handle({ lat: 41.95, lon: -87.75, groupSize: 21, regionIds: COOK })).not.toBe(a);
    current = { ...snapshot };
    const c = await handle({ lat: 41.8781, lon: -87.6298, groupSize: 20, regionIds: COOK });
    expect(c).not.toBe(a);
    expect(c).toEqual(a);
  });
});
