// Past views at earlier reference dates: a date at which nothing new was published is not a
// separate origin (a publication gap must not repeat one forecast's errors).
import { describe, expect, test } from "bun:test";
import { dayFromIso } from "../epiweek.ts";
import { indexVersions } from "./asOf.ts";
import { pastViews } from "./pastViews.ts";
import { series } from "./testData.ts";
import { DEFAULT_HOSP_OPTIONS } from "./types.ts";

const R = dayFromIso("2025-12-06");
const REGIONS = [84000001, 84000002];

/** Weekly publications (each Wednesday R′ − 3 with weeks up to R′ − 7), except at the skipped reference dates. */
function publications(skip: ReadonlySet<number>) {
  const rows: Array<[number, number, number, number]> = [];
  for (let m = 0; m <= 20; m++) {
    const origin = R - 7 * m;
    if (skip.has(origin)) continue;
    for (let week = R - 7 * 30; week <= origin - 7; week += 7) REGIONS.forEach((id, i) => rows.push([id, week, origin - 3, 100 + 10 * i + ((week / 7) % 5)]));
  }
  return series(rows);
}

function views(skip: ReadonlySet<number>, count: number) {
  const axis = { regions: Int32Array.from(REGIONS), first: R - 7 * 30, weeks: 30, pop: Float64Array.from([1e6, 2e6]) };
  return pastViews(indexVersions(publications(skip)), null, R, axis, count, DEFAULT_HOSP_OPTIONS);
}

describe("pastViews", () => {
  test("without a gap, one view per earlier reference date, each one week shorter", () => {
    const v = views(new Set(), 6);
    expect(v.length).toBe(6);
    expect(v.map((x) => x.hosp.last[0])).toEqual([28, 27, 26, 25, 24, 23]);
  });

  test("reference dates without a new publication are skipped, and the count is of distinct origins", () => {
    // Nothing published for R − 14 … R − 28: those dates and R − 35 all see the publication of
    // R − 35 (weeks up to R − 42): one origin, not four.
    const skip = new Set([R - 14, R - 21, R - 28]);
    const v = views(skip, 6);
    expect(v.length).toBe(6);
    const lasts = v.map((x) => x.hosp.last[0]);
    expect(lasts).toEqual([28, 24, 23, 22, 21, 20]);
    expect(new Set(lasts).size).toBe(lasts.length);
  });
});
