// The online rolling-origin choice on synthetic publications: it picks the candidate that did
// best on the preceding dates, and it uses nothing published after R − 3.
import { describe, expect, test } from "bun:test";
import { dayFromIso } from "../epiweek.ts";
import { forecastWithChoice } from "./forecaster.ts";
import { series } from "./testData.ts";

const R = dayFromIso("2025-09-06");
const FIPS = [1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const REGIONS = FIPS.map((f) => 84000000 + f);

/** 40 weekly publications up to R − 3 (one more after it); each region grows steadily, with a deterministic wobble. */
function publications(growth: number, later = 1): ReturnType<typeof series> {
  const rows: Array<[number, number, number, number]> = [];
  for (let p = 0; p <= 40; p++) {
    const asOf = R - 3 - 7 * (39 - p);
    for (let w = 0; w <= p; w++) {
      const week = asOf - 4 - 7 * (p - w);
      REGIONS.forEach((id, i) => {
        const wobble = 1 + 0.05 * Math.sin(1.7 * w + i);
        const value = Math.round((200 + 40 * i) * growth ** w * wobble);
        rows.push([id, week, asOf, asOf > R - 3 ? value * later : value]);
      });
    }
  }
  return series(rows);
}

describe("online selection", () => {
  test("steady growth: an AR candidate beats the flat+ED fallback on past dates and is chosen", () => {
    const { choice } = forecastWithChoice({ referenceDate: R, admissions: publications(1.06) });
    expect(choice).not.toBeNull();
    expect(Number.isFinite(choice!.loss["flat+ar"])).toBe(true);
    expect(choice!.loss["flat+ar"]).toBeLessThan(choice!.loss["flat+ed"]);
    // Without ED data the ED-only candidate falls back to the flat member everywhere.
    expect(choice!.loss.ed).toBe(choice!.loss.flat);
    for (const step of choice!.candidate.split("/")) expect(["flat+ar", "ar", "all-median", "all-weighted", "all-mean"]).toContain(step);
  });

  test("no trend: the width factor is calibrated online (not the fixed fallback 0.8) and within bounds", () => {
    const { choice } = forecastWithChoice({ referenceDate: R, admissions: publications(1) });
    expect(choice!.widen.slice(1, 5).every((w) => w !== 0.8 && w >= 0.5 && w <= 3)).toBe(true);
  });

  test("publications after R − 3 (the truth of later weeks) do not change the forecast or the choice", () => {
    const a = forecastWithChoice({ referenceDate: R, admissions: publications(1.06) });
    const b = forecastWithChoice({ referenceDate: R, admissions: publications(1.06, 3) });
    expect(b.choice).toEqual(a.choice);
    expect(b.forecasts.map((f) => Array.from(f.quantiles))).toEqual(a.forecasts.map((f) => Array.from(f.quantiles)));
    // …whereas the same change to what was published by R − 3 does change them.
    const c = forecastWithChoice({ referenceDate: R + 7, admissions: publications(1.06) });
    const d = forecastWithChoice({ referenceDate: R + 7, admissions: publications(1.06, 3) });
    expect(d.forecasts.map((f) => f.quantiles[11])).not.toEqual(c.forecasts.map((f) => f.quantiles[11]));
  });

  test("per step ahead: each step's candidate has the lowest past score at that step; off, one candidate for all", () => {
    const input = { referenceDate: R, admissions: publications(1.03) };
    const { choice } = forecastWithChoice(input);
    expect(choice!.byScore).toBe(true);
    const parts = choice!.candidate.split("/");
    const steps = parts.length === 1 ? [1, 2, 3, 4].map(() => parts[0]) : parts;
    expect(steps.length).toBe(4);
    steps.forEach((name, k) => {
      const best = Math.min(
        ...Object.values(choice!.stepLoss)
          .map((l) => l[k + 1])
          .filter(Number.isFinite),
      );
      expect(choice!.stepLoss[name][k + 1]).toBe(best);
    });
    const one = forecastWithChoice({ ...input, options: { perStepChoice: false } }).choice!;
    expect(one.candidate.includes("/")).toBe(false);
    const overall = Math.min(...Object.values(one.loss).filter(Number.isFinite));
    expect(one.loss[one.candidate]).toBe(overall);
  });
});
