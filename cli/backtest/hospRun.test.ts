// The backtest's as-of rule on a small fixture: at reference date R only versions with
// as_of ≤ R − 3 are visible, whatever the order of the input rows.
import { describe, expect, test } from "bun:test";
import { dayFromIso } from "../../models/forecast/mod.ts";
import { parseVintages } from "./readVintages.ts";
import { truthFrom, versionsVisibleAt } from "./hospRun.ts";

const CSV = [
  "as_of,location,state,target_end_date,value",
  "2025-01-15,06,CA,2025-01-11,100", // published on R − 3 for R = 2025-01-18: visible
  "2025-01-08,06,CA,2025-01-04,90",
  "2025-01-16,06,CA,2025-01-11,130", // R − 2: not visible at R = 2025-01-18
  "2025-01-22,06,CA,2025-01-18,140",
  "2025-01-22,NA,Region 9,2025-01-18,1", // not a hub location: skipped
].join("\n");

describe("versionsVisibleAt", () => {
  const { versions, skipped } = parseVintages(CSV);
  test("keeps exactly the versions published by R − 3, from unsorted input", () => {
    expect(skipped).toBe(1);
    const v = versionsVisibleAt(versions, dayFromIso("2025-01-18"));
    expect(Array.from(v.value).sort((a, b) => a - b)).toEqual([90, 100]);
    expect(Math.max(...v.asOf)).toBe(dayFromIso("2025-01-15"));
    expect(versionsVisibleAt(versions, dayFromIso("2025-01-10")).value.length).toBe(0);
  });
  test("truth is the newest version of each week", () => {
    const { truth } = truthFrom(versions);
    expect(truth.get(`06|${dayFromIso("2025-01-11")}`)).toBe(130);
    expect(truth.get(`06|${dayFromIso("2025-01-18")}`)).toBe(140);
  });
  test("the older header spelling `date` is accepted", () => {
    expect(parseVintages(CSV.replace("target_end_date", "date")).versions.value.length).toBe(4);
  });
});
