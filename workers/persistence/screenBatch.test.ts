import { describe, expect, test } from "bun:test";
import type { WeeklyColumns } from "../../domain/weekly.ts";
import { screenRegionDays, screenWeekly } from "./screenBatch.ts";

const NOW = Date.parse("2026-12-05T12:00:00Z");
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe("persistence's last guard", () => {
  test("a clean batch passes untouched (same columns, nothing dropped)", () => {
    const c = { regionId: Int32Array.of(1, 2), day: Int32Array.of(day("2021-01-01"), day("2021-01-01")), cumCases: Float64Array.of(1, Number.NaN) };
    const s = screenRegionDays(c, "job", "src", NOW);
    expect(s.columns).toBe(c);
    expect(s.dropped).toEqual([]);
  });

  test("Infinity, values beyond 1e10 and days outside the window leave the batch as quarantine rows; the rest stays", () => {
    const c = {
      regionId: Int32Array.of(1, 2, 3, 4, 5),
      day: Int32Array.of(day("2021-01-01"), day("2021-01-01"), -719162, day("2021-01-01"), day("2026-12-06")),
      cumCases: Float64Array.of(1, Number.POSITIVE_INFINITY, 3, 4, 5),
      newCases: Float64Array.of(1, 2, 3, -2e10, Number.NaN),
    };
    const s = screenRegionDays(c, "job-1", "nyt-us-states", NOW);
    expect([...s.columns.regionId]).toEqual([1, 5]);
    expect([...s.columns.day]).toEqual([day("2021-01-01"), day("2026-12-06")]);
    expect([...s.columns.cumCases]).toEqual([1, 5]);
    expect(s.columns.newCases.length).toBe(2);
    expect(s.columns.cumCases).toBeInstanceOf(Float64Array);
    expect(s.dropped.map((d) => [d.line, d.reason])).toEqual([
      [2, "dropped before storage: out-of-range value Infinity for cumCases: not a finite number within ±10000000000"],
      [3, "dropped before storage: day 0001-01-01 is outside the date window 2019-12-01 … 2026-12-06"],
      [4, "dropped before storage: out-of-range value -20000000000 for newCases: not a finite number within ±10000000000"],
    ]);
    expect(s.dropped.every((d) => d.jobId === "job-1" && d.source === "nyt-us-states")).toBe(true);
    expect(JSON.parse(s.dropped[0].raw)).toEqual({ regionId: 2, day: "2021-01-01", cumCases: "Infinity", newCases: "2" });
  });

  test("weekly rows: week end, as-of and value", () => {
    const w = (weekEnd: string[], asOf: string[], value: number[]): WeeklyColumns => ({
      metric: "hosp-admissions",
      regionId: Int32Array.from(value.map((_, i) => i + 1)),
      weekEnd: Int32Array.from(weekEnd.map(day)),
      asOf: Int32Array.from(asOf.map(day)),
      value: Float64Array.from(value),
      level: new Int8Array(value.length).fill(-1),
      trend: new Int8Array(value.length).fill(-1),
      missingReason: value.map(() => null),
    });
    const c = w(["2025-12-20", "1900-01-06", "2025-12-20", "2025-12-20"], ["2025-12-24", "2025-12-24", "2099-01-01", "2025-12-24"], [1, 2, 3, Number.NEGATIVE_INFINITY]);
    const s = screenWeekly(c, "j", "covidhub-hosp", NOW);
    expect([...s.columns.regionId]).toEqual([1]);
    expect(s.columns.missingReason).toEqual([null]);
    expect(s.columns.metric).toBe("hosp-admissions");
    expect(s.dropped.map((d) => d.reason.split(" ").slice(3, 5).join(" "))).toEqual(["weekEnd 1900-01-06", "asOf 2099-01-01", "out-of-range value"]);
  });
});
