import { expect, test } from "bun:test";
import { dayOfIso } from "../../domain/mod.ts";
import { isoWeekEndDay, isoWeeksInYear, parseYearWeek } from "./isoWeek.ts";

test("ISO weeks end on the Sunday of the week holding the year's first Thursday", () => {
  expect(parseYearWeek("2020-01")).toBe(dayOfIso("2020-01-05")); // week 1 of 2020: Mon Dec 30 – Sun Jan 5
  expect(parseYearWeek("2020-51")).toBe(dayOfIso("2020-12-20"));
  expect(parseYearWeek("2020-W53")).toBe(dayOfIso("2021-01-03")); // 2020 has 53 weeks
  expect(parseYearWeek("2021-01")).toBe(dayOfIso("2021-01-10"));
  expect(isoWeeksInYear(2020)).toBe(53);
  expect(isoWeeksInYear(2021)).toBe(52);
});

test("weeks that do not exist are null", () => {
  expect(parseYearWeek("2021-53")).toBeNull();
  expect(parseYearWeek("2020-00")).toBeNull();
  expect(parseYearWeek("2020-7")).toBe(dayOfIso("2020-02-16"));
  expect(parseYearWeek("20-07")).toBeNull();
  expect(isoWeekEndDay(2020, 1.5)).toBeNull();
});
