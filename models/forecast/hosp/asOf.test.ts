import { describe, expect, test } from "bun:test";
import { dayFromIso } from "../epiweek.ts";
import { seriesAsOf } from "./asOf.ts";
import { series } from "./testData.ts";

const d = dayFromIso;
// Two publications: week 1 first published 10, revised to 14 a week later; week 2 new then.
const versions = series([
  [84000006, d("2025-01-04"), d("2025-01-08"), 10],
  [84000006, d("2025-01-04"), d("2025-01-15"), 14],
  [84000006, d("2025-01-11"), d("2025-01-15"), 20],
  [84000001, d("2025-01-04"), d("2025-01-08"), 3],
]);

describe("seriesAsOf: what was published by a day", () => {
  test("before the revision: the first version only", () => {
    const s = seriesAsOf(versions, d("2025-01-14"));
    expect(Array.from(s.value)).toEqual([3, 10]);
    expect(Array.from(s.regionId)).toEqual([84000001, 84000006]);
  });
  test("on the day of the revision: the revised value and the new week", () => {
    const s = seriesAsOf(versions, d("2025-01-15"));
    expect(Array.from(s.value)).toEqual([3, 14, 20]);
    expect(Array.from(s.asOf)).toEqual([d("2025-01-08"), d("2025-01-15"), d("2025-01-15")]);
  });
  test("before any publication: empty", () => {
    expect(seriesAsOf(versions, d("2025-01-07")).value.length).toBe(0);
  });
});

describe("indexedAsOf", () => {
  test("gives what seriesAsOf gives, on every day around the publications", async () => {
    const { indexVersions, indexedAsOf } = await import("./asOf.ts");
    const ix = indexVersions(versions);
    for (let day = d("2025-01-06"); day <= d("2025-01-17"); day++) {
      const a = seriesAsOf(versions, day);
      const b = indexedAsOf(ix, day);
      expect(Array.from(b.value)).toEqual(Array.from(a.value));
      expect(Array.from(b.weekEnd)).toEqual(Array.from(a.weekEnd));
    }
  });
});
