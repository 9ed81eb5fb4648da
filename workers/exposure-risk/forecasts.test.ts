// One forecast path: the recompute's covid-mesh forecast for the region's last week, else the
// explicit COVIDhub-baseline fallback, computed as models/forecast's baseline computes it.
import { expect, test } from "bun:test";
import { baselineForecast, BASELINE_MODEL_NAME, COVID_MESH_MODEL_NAME, lastSaturdayOnOrBefore, weeklyIncidence } from "../../models/mod.ts";
import { attachRiskModels, computeRiskModels } from "./compute/mod.ts";
import { HORIZONS, regionForecast } from "./forecasts.ts";
import { buildSnapshot } from "./snapshot.ts";
import { lastDayOf } from "./snapshotTypes.ts";
import { fakeStorage, loadSample } from "./testSupport.ts";

const NEW_YORK_COUNTY = 84036061;
const sample = await loadSample();
const snapshot = await buildSnapshot(fakeStorage(sample.regions, { "jhu-us": sample.series }), ["jhu-us"]);
const s = snapshot.series.get(NEW_YORK_COUNTY)!;

test("before the models land, and for an earlier week, the answer is the baseline fallback", () => {
  const early = regionForecast(snapshot, s, lastDayOf(s))!;
  expect(early.model).toBe(BASELINE_MODEL_NAME);
  // The fallback is models/forecast's baseline, with its defaults, over the weeks through that Saturday.
  const asOf = lastDayOf(s) - 30;
  const sat = lastSaturdayOnOrBefore(asOf);
  const weekly = weeklyIncidence(s.cumCases.subarray(0, sat - s.firstDay + 1), s.firstDay).values;
  const past = regionForecast(snapshot, s, asOf)!;
  expect(past.lastSaturday).toBe(sat);
  expect(past.cases).toEqual(baselineForecast(weekly, HORIZONS));
  expect(regionForecast(snapshot, s, asOf)).toBe(past); // memoized on the snapshot
});

test("with the models attached, the latest week answers with their covid-mesh forecast", async () => {
  const models = await computeRiskModels(snapshot.series.values(), { ascertainment: 5, baseline: false });
  const modeled = attachRiskModels(snapshot, models);
  const latest = regionForecast(modeled, s, lastDayOf(s))!;
  expect(latest.model).toBe(COVID_MESH_MODEL_NAME);
  expect(latest).toBe(models.forecasts.get(NEW_YORK_COUNTY)!);
  expect(regionForecast(modeled, s, lastDayOf(s) - 30)!.model).toBe(BASELINE_MODEL_NAME);
});
