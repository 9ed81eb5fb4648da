import { describe, expect, test } from "bun:test";
import { weeklyIncidence } from "./weekly.ts";
import { dayFromIso } from "../forecast/epiweek.ts";

describe("weekly incidence per epiweek", () => {
  test("series starting on a Saturday: value for Saturday s is cum[s] − cum[s − 7]", () => {
    const first = dayFromIso("2022-01-01"); // Saturday
    const cum = Float64Array.from({ length: 20 }, (_, t) => t * t); // through Thu 2022-01-20
    const w = weeklyIncidence(cum, first);
    expect(w.firstSaturday).toBe(dayFromIso("2022-01-08"));
    expect(Array.from(w.values)).toEqual([49 - 0, 196 - 49]); // weeks ending Jan 8 and Jan 15
  });

  test("series starting mid-week: the first week needs the Saturday before it", () => {
    const first = dayFromIso("2022-01-05"); // Wednesday
    const cum = Float64Array.from({ length: 18 }, (_, t) => 10 * t); // through Sat 2022-01-22
    const w = weeklyIncidence(cum, first);
    // Jan 15 is the first Saturday whose previous Saturday (Jan 8, index 3) is in the series.
    expect(w.firstSaturday).toBe(dayFromIso("2022-01-15"));
    expect(Array.from(w.values)).toEqual([70, 70]);
  });

  test("negative weeks (revisions) are kept; too-short series give no weeks", () => {
    const first = dayFromIso("2022-01-01");
    const cum = new Float64Array(15).fill(100);
    cum[14] = 90;
    expect(Array.from(weeklyIncidence(cum, first).values)).toEqual([0, -10]);
    expect(weeklyIncidence(new Float64Array(5), first).values.length).toBe(0);
  });
});
