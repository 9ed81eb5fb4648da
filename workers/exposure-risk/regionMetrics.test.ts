// Metrics survive a snapshot swap: a rebuilt snapshot goes live with the metrics of the regions
// the live one had answered for — the same object where the series is unchanged, recomputed
// where its values changed — and a snapshot that only gets new models keeps them all.
import { expect, test } from "bun:test";
import { attachRiskModels } from "./compute/attach.ts";
import { knownMetrics, regionMetrics, warmMetrics } from "./regionMetrics.ts";
import { buildSnapshot } from "./snapshot.ts";
import type { RiskModels } from "./snapshotTypes.ts";
import { fakeStorage, loadSample } from "./testSupport.ts";

const HARRIS = 84048201;
const KINGS = 84036047;
const COOK = 84017031;

test("a rebuild carries unchanged regions' metrics, recomputes changed ones, leaves unasked ones for their first query", async () => {
  const { regions, series } = await loadSample();
  const live = await buildSnapshot(fakeStorage(regions, { "jhu-us": series }), ["jhu-us"]);
  const harris = regionMetrics(live, live.series.get(HARRIS)!);
  const kings = regionMetrics(live, live.series.get(KINGS)!);

  // The next load: Kings County's last day revised, everything else the same values (new objects).
  const revised = { ...series, cumCases: series.cumCases.slice() };
  let last = -1;
  for (let i = 0; i < revised.regionId.length; i++) if (revised.regionId[i] === KINGS) last = i;
  revised.cumCases[last] += 1_000;
  const next = await buildSnapshot(fakeStorage(regions, { "jhu-us": revised }), ["jhu-us"]);
  expect(knownMetrics(next.series.get(HARRIS)!)).toBeUndefined();

  expect(await warmMetrics(live, next)).toEqual({ carried: 1, computed: 1 });
  expect(knownMetrics(next.series.get(HARRIS)!)).toBe(harris);
  const newKings = knownMetrics(next.series.get(KINGS)!)!;
  expect(newKings).not.toBe(kings);
  const t = next.series.get(KINGS)!.cumCases.length - 1;
  expect(newKings.newCases[t]).toBe(kings.newCases[t] + 1_000);
  // Computed as a first query would have computed it.
  const fresh = regionMetrics(next, { ...next.series.get(KINGS)! });
  for (const k of Object.keys(fresh) as Array<keyof typeof fresh>) expect(Array.from(newKings[k])).toEqual(Array.from(fresh[k]));
  // Never asked for: still computed on its first query.
  expect(knownMetrics(next.series.get(COOK)!)).toBeUndefined();

  // New models (same series): every metric stays.
  const withModels = attachRiskModels(next, {} as RiskModels);
  expect(regionMetrics(withModels, withModels.series.get(HARRIS)!)).toBe(harris);
}, 60_000);

test("warming stops computing at its cap; the rest are computed on their first query", async () => {
  const { regions, series } = await loadSample();
  const live = await buildSnapshot(fakeStorage(regions, { "jhu-us": series }), ["jhu-us"]);
  for (const id of [HARRIS, KINGS, COOK]) regionMetrics(live, live.series.get(id)!);
  const changed = { ...series, cumDeaths: series.cumDeaths.map((v) => v + 1) };
  const next = await buildSnapshot(fakeStorage(regions, { "jhu-us": changed }), ["jhu-us"]);
  expect(await warmMetrics(live, next, 2)).toEqual({ carried: 0, computed: 2 });
  const known = [HARRIS, KINGS, COOK].filter((id) => knownMetrics(next.series.get(id)!) !== undefined);
  expect(known.length).toBe(2);
}, 60_000);
