import { describe, expect, test } from "bun:test";
import {
  dayFromIso,
  epiweekEnd,
  forecastDateAfter,
  isMonday,
  isSaturday,
  lastObservedSaturday,
  lastSaturdayOnOrBefore,
  mondaysBetween,
  targetEndDate,
  weekday,
} from "./epiweek.ts";
import { ModelInputError } from "../errors.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS, MEDIAN_INDEX } from "./quantileLevels.ts";
import { isoOfDay } from "../../domain/mod.ts";

describe("Forecast Hub calendar", () => {
  test("day numbers and weekdays", () => {
    expect(dayFromIso("1970-01-01")).toBe(0);
    expect(weekday(0)).toBe(4); // Thursday
    expect(dayFromIso("2022-01-03")).toBe(18_995);
    expect(isMonday(dayFromIso("2022-01-03"))).toBe(true);
    expect(isSaturday(dayFromIso("2022-01-01"))).toBe(true);
    expect(isoOfDay(18_995)).toBe("2022-01-03");
    expect(weekday(-1)).toBe(3); // 1969-12-31 was a Wednesday
  });

  test("epiweek ends and the forecast date of the Monday after", () => {
    expect(isoOfDay(epiweekEnd(dayFromIso("2022-01-02")))).toBe("2022-01-08"); // Sunday → its Saturday
    expect(isoOfDay(epiweekEnd(dayFromIso("2022-01-08")))).toBe("2022-01-08");
    expect(isoOfDay(lastSaturdayOnOrBefore(dayFromIso("2022-01-07")))).toBe("2022-01-01");
    expect(isoOfDay(forecastDateAfter(dayFromIso("2022-01-01")))).toBe("2022-01-03");
    expect(isoOfDay(lastObservedSaturday(dayFromIso("2022-01-03")))).toBe("2022-01-01");
  });

  test("target_end_date: the Saturday N weeks after the last observed Saturday", () => {
    const s = dayFromIso("2022-01-01");
    expect([1, 2, 3, 4].map((h) => isoOfDay(targetEndDate(s, h)))).toEqual(["2022-01-08", "2022-01-15", "2022-01-22", "2022-01-29"]);
  });

  test("Mondays of the evaluation window", () => {
    const m = mondaysBetween(dayFromIso("2022-01-03"), dayFromIso("2022-06-06"));
    expect(m.length).toBe(23);
    expect(isoOfDay(m[22])).toBe("2022-06-06");
  });

  test("misuse is a named error", () => {
    expect(() => lastObservedSaturday(dayFromIso("2022-01-04"))).toThrow(ModelInputError);
    expect(() => targetEndDate(dayFromIso("2022-01-02"), 1)).toThrow(ModelInputError);
    expect(() => targetEndDate(dayFromIso("2022-01-01"), 0)).toThrow(ModelInputError);
    expect(() => dayFromIso("2022-02-30")).toThrow(ModelInputError);
    expect(() => dayFromIso("3/1/22")).toThrow(ModelInputError);
  });

  test("the 23 quantile levels", () => {
    expect(QUANTILE_COUNT).toBe(23);
    expect(Array.from(QUANTILE_LEVELS)).toEqual([
      0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975, 0.99,
    ]);
    expect(QUANTILE_LEVELS[MEDIAN_INDEX]).toBe(0.5);
  });
});
