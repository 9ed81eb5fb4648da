import { describe, expect, test } from "bun:test";
import { FIRST_WINDOW_DAY, isDayInWindow, isInstantInWindow, lastWindowDay, outsideWindowReason, windowDayOfIso } from "./dateWindow.ts";

const NOW = Date.UTC(2026, 11, 5, 9, 30); // 2026-12-05T09:30Z

describe("date window", () => {
  test("runs from 2019-12-01 to tomorrow (UTC)", () => {
    expect(FIRST_WINDOW_DAY).toBe(Date.UTC(2019, 11, 1) / 86_400_000);
    expect(lastWindowDay(NOW)).toBe(Date.UTC(2026, 11, 6) / 86_400_000);
    expect(windowDayOfIso("2019-12-01", NOW)).toBe(FIRST_WINDOW_DAY);
    expect(windowDayOfIso("2019-11-30", NOW)).toBeNull();
    expect(windowDayOfIso("2026-12-06", NOW)).toBe(lastWindowDay(NOW));
    expect(windowDayOfIso("2026-12-07", NOW)).toBeNull();
  });

  test("rejects year 0000/0001, impossible and malformed dates", () => {
    for (const iso of ["0001-01-01", "0000-01-01", "9999-12-31", "2021-02-30", "2021-2-3", "", "2021-02-03T00:00Z"]) {
      expect(windowDayOfIso(iso, NOW)).toBeNull();
    }
  });

  test("day numbers and instants", () => {
    expect(isDayInWindow(FIRST_WINDOW_DAY, NOW)).toBe(true);
    expect(isDayInWindow(FIRST_WINDOW_DAY - 1, NOW)).toBe(false);
    expect(isDayInWindow(FIRST_WINDOW_DAY + 0.5, NOW)).toBe(false);
    expect(isDayInWindow(Number.NaN, NOW)).toBe(false);
    expect(isInstantInWindow(Date.parse("0000-01-01T00:00:00Z"), NOW)).toBe(false);
    expect(isInstantInWindow(NOW, NOW)).toBe(true);
    expect(isInstantInWindow(Number.POSITIVE_INFINITY, NOW)).toBe(false);
  });

  test("the reason names the date and the window", () => {
    expect(outsideWindowReason("date", -719162, NOW)).toBe("date 0001-01-01 is outside the date window 2019-12-01 … 2026-12-06");
  });
});
