import { describe, expect, test } from "bun:test";
import { dayFromIso } from "../epiweek.ts";
import { ForecastInputError } from "../errors.ts";
import { QUANTILE_COUNT } from "../quantileLevels.ts";
import { forecastHospitalAdmissions } from "./forecaster.ts";
import { formatHubverseCsv, HUBVERSE_HEADER } from "./hubverseCsv.ts";
import { series } from "./testData.ts";
import { isoOfDay } from "../../../domain/mod.ts";

const CA = 84000006;
const WY = 84000056;
const R = dayFromIso("2025-03-01");

/** 20 weekly publications; each revises its last week up by 10% the week after. */
function publications(growth: number): ReturnType<typeof series> {
  const rows: Array<[number, number, number, number]> = [];
  for (let p = 0; p < 20; p++) {
    const asOf = R - 3 - 7 * (19 - p);
    for (let w = 0; w <= p; w++) {
      const week = asOf - 4 - 7 * (p - w);
      for (const [id, base] of [
        [CA, 800],
        [WY, 30],
      ] as const) {
        const final = Math.round(base * growth ** w);
        rows.push([id, week, asOf, w === p ? Math.round(final * 0.9) : final]);
      }
    }
  }
  // A later publication the forecast must not see.
  rows.push([CA, R - 7, R - 2, 99999]);
  return series(rows);
}

describe("forecastHospitalAdmissions", () => {
  const input = { referenceDate: "2025-03-01", admissions: publications(1.05) };

  test("every region × horizons −1…3, 23 non-decreasing non-negative quantiles, hub target dates", () => {
    const out = forecastHospitalAdmissions(input);
    expect(out.map((f) => `${f.location} ${f.horizon}`)).toEqual(["06 -1", "06 0", "06 1", "06 2", "06 3", "56 -1", "56 0", "56 1", "56 2", "56 3"]);
    for (const f of out) {
      expect(f.quantiles).toHaveLength(QUANTILE_COUNT);
      expect(f.targetEndDate).toBe(isoOfDay(R + 7 * f.horizon));
      for (let q = 1; q < QUANTILE_COUNT; q++) expect(f.quantiles[q]).toBeGreaterThanOrEqual(f.quantiles[q - 1]);
      expect(f.quantiles[0]).toBeGreaterThanOrEqual(0);
    }
  });

  test("ignores publications after R − 3 days and learns the upward revision of the last week", () => {
    const out = forecastHospitalAdmissions(input);
    const last = out.find((f) => f.location === "06" && f.horizon === -1)!;
    const published = Math.round(Math.round(800 * 1.05 ** 19) * 0.9);
    // The median of the last week is raised towards the final value (≈ +11%), far from 99999.
    expect(last.quantiles[11]).toBeGreaterThan(published * 1.05);
    expect(last.quantiles[22]).toBeLessThan(published * 1.3);
  });

  test("deterministic: the same input gives identical output", () => {
    const a = forecastHospitalAdmissions(input);
    const b = forecastHospitalAdmissions({ ...input, admissions: publications(1.05) });
    expect(formatHubverseCsv(b)).toBe(formatHubverseCsv(a));
  });

  test("a reference date that is not a Saturday is refused", () => {
    expect(() => forecastHospitalAdmissions({ ...input, referenceDate: "2025-03-02" })).toThrow(ForecastInputError);
  });

  test("hubverse CSV: header and 23 rows per location and horizon", () => {
    const csv = formatHubverseCsv(forecastHospitalAdmissions(input)).trimEnd().split("\n");
    expect(csv[0]).toBe(HUBVERSE_HEADER);
    expect(csv).toHaveLength(1 + 10 * 23);
    expect(csv[1]).toMatch(/^2025-03-01,06,-1,wk inc covid hosp,2025-02-22,quantile,0\.01,\d+\.\d{3}$/);
  });
});

describe("ED visits as a leading covariate", () => {
  // 30 weeks; the ED share rises from week 24 on, admissions follow one week later (earlier
  // waves in the history teach the VAR members that lead).
  const weeks = 30;
  const lastWeek = R - 7;
  const edShare = (w: number) => 0.01 * Math.exp(0.5 * Math.sin(w / 3)) * (w >= 24 ? 1.25 ** (w - 23) : 1);
  const hosp = (w: number) => Math.round(20000 * edShare(w - 1));
  const rows: Array<[number, number, number, number]> = [];
  const edRows: Array<[number, number, number, number]> = [];
  for (let w = 1; w < weeks; w++) {
    const week = lastWeek - 7 * (weeks - 1 - w);
    for (const id of [CA, 84000048, 84000036, 84000012]) {
      rows.push([id, week, R - 3, hosp(w)]);
      edRows.push([id, week, R - 3, edShare(w)]);
    }
  }
  test("with ED rising, the 3-week-ahead median is above the forecast from admissions alone", () => {
    const base = { referenceDate: R, admissions: series(rows) };
    const withEd = forecastHospitalAdmissions({ ...base, edVisits: series(edRows) }).find((f) => f.location === "06" && f.horizon === 3)!;
    const without = forecastHospitalAdmissions(base).find((f) => f.location === "06" && f.horizon === 3)!;
    expect(withEd.quantiles[11]).toBeGreaterThan(without.quantiles[11] * 1.1);
  });
});
