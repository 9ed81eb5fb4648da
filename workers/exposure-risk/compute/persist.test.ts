// A recompute is stored in parts: the parts of a forecast set hold exactly its rows, in order,
// each with the set's model, date and run, and no more rows than asked.
import { expect, test } from "bun:test";
import type { ForecastSet } from "../../../sql/mod.ts";
import { forecastSetParts } from "./persist.ts";

test("a forecast set cut into parts keeps every row once, in order, with its quantiles", () => {
  const n = 7;
  const set: ForecastSet = {
    model: "covid-mesh",
    forecastDay: 19_000,
    runId: "run-1",
    regionId: Int32Array.from({ length: n }, (_, i) => 100 + i),
    location: Array.from({ length: n }, (_, i) => `L${i}`),
    target: Array.from({ length: n }, (_, i) => `${(i % 4) + 1} wk ahead inc case`),
    targetEndDay: Int32Array.from({ length: n }, (_, i) => 19_005 + i),
    quantiles: Float64Array.from({ length: n * 23 }, (_, k) => k),
  };
  const parts = forecastSetParts(set, 3);
  expect(parts.map((p) => p.regionId.length)).toEqual([3, 3, 1]);
  for (const p of parts) expect([p.model, p.forecastDay, p.runId]).toEqual(["covid-mesh", 19_000, "run-1"]);
  expect(parts.flatMap((p) => Array.from(p.regionId))).toEqual(Array.from(set.regionId));
  expect(parts.flatMap((p) => p.location)).toEqual(set.location);
  expect(parts.flatMap((p) => p.target)).toEqual(set.target);
  expect(parts.flatMap((p) => Array.from(p.targetEndDay))).toEqual(Array.from(set.targetEndDay));
  expect(parts.flatMap((p) => Array.from(p.quantiles))).toEqual(Array.from(set.quantiles));
  expect(parts[1].quantiles[0]).toBe(3 * 23);
  expect(forecastSetParts(set, 7)).toEqual([set]);
});
