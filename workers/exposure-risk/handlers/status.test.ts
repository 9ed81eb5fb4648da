import { expect, test } from "bun:test";
import { buildSnapshot } from "../snapshot.ts";
import { fakeStorage, loadSample } from "../testSupport.ts";
import { riskStatus } from "./status.ts";

test("not ready without a snapshot, nor with one that holds no daily series; ready with the sample's counties", async () => {
  expect(riskStatus(null)).toEqual({ ready: false, regions: 0, lastDate: null });
  const { regions, series } = await loadSample();
  const empty = await buildSnapshot(fakeStorage(regions, {}), ["jhu-us"]);
  expect(riskStatus(empty)).toMatchObject({ ready: false, regions: 0 });
  const full = await buildSnapshot(fakeStorage(regions, { "jhu-us": series }), ["jhu-us"]);
  const status = riskStatus(full);
  expect(status.ready).toBe(true);
  expect(status.regions).toBeGreaterThan(3000);
  expect(status.lastDate).toBe("2020-12-30");
});
