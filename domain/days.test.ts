import { describe, expect, test } from "bun:test";
import { dayOfCivil, dayOfIso, dayOfTime, isoOfDay } from "./days.ts";
import { epiweekEnd, isMonday, isSaturday, lastSaturdayOnOrBefore, weekday } from "./weeks.ts";

describe("day numbers", () => {
  test("ISO dates ↔ days since 1970-01-01 (UTC)", () => {
    expect(dayOfIso("1970-01-01")).toBe(0);
    expect(dayOfIso("2020-03-01")).toBe(18322);
    expect(dayOfIso("1969-12-31")).toBe(-1);
    expect(isoOfDay(18322)).toBe("2020-03-01");
    for (const day of [-400, 0, 18321, 18322, 20454]) expect(dayOfIso(isoOfDay(day))).toBe(day);
  });

  test("text that is not a calendar date is NaN, never a neighbouring day", () => {
    for (const bad of ["2020-02-30", "2021-02-29", "2020-13-01", "2020-3-1", "03/01/2020", "", "2020-03-01T00:00:00Z"]) {
      expect(dayOfIso(bad)).toBeNaN();
    }
    expect(dayOfIso("2020-02-29")).toBe(18321);
    expect(dayOfCivil(2020, 2, 30)).toBeNaN();
    expect(dayOfCivil(2020, 3, 1)).toBe(18322);
  });

  test("an instant's UTC day", () => {
    expect(dayOfTime(Date.parse("2020-03-01T23:59:59.999Z"))).toBe(18322);
    expect(dayOfTime(Date.parse("1969-12-31T12:00:00Z"))).toBe(-1);
  });
});

describe("weeks", () => {
  test("weekday, Saturdays and epiweek ends agree with the calendar", () => {
    for (let day = -10; day < 30; day++) expect(weekday(day)).toBe(new Date(day * 86_400_000).getUTCDay());
    const sat = dayOfIso("2025-12-27");
    expect(isSaturday(sat)).toBe(true);
    expect(isMonday(dayOfIso("2025-12-29"))).toBe(true);
    expect(epiweekEnd(dayOfIso("2025-12-21"))).toBe(sat); // a Sunday starts the week
    expect(epiweekEnd(sat)).toBe(sat);
    expect(lastSaturdayOnOrBefore(sat + 6)).toBe(sat);
    expect(lastSaturdayOnOrBefore(sat - 1)).toBe(sat - 7);
  });
});
