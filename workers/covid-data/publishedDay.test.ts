import { expect, test } from "bun:test";
import { publishedDayOf } from "./publishedDay.ts";

test("the publication of a file without as_of: its Last-Modified, else the ingest time", () => {
  expect(publishedDayOf("Wed, 31 Dec 2025 23:59:59 GMT")).toBe(Date.parse("2025-12-31T00:00:00Z") / 86_400_000);
  const now = Date.parse("2026-02-03T10:00:00Z");
  expect(publishedDayOf(undefined, now)).toBe(Date.parse("2026-02-03T00:00:00Z") / 86_400_000);
  expect(publishedDayOf("not a date", now)).toBe(Date.parse("2026-02-03T00:00:00Z") / 86_400_000);
});

test("a Last-Modified outside the date window falls back to the ingest time", () => {
  const now = Date.parse("2026-02-03T10:00:00Z");
  const today = Date.parse("2026-02-03T00:00:00Z") / 86_400_000;
  expect(publishedDayOf("Thu, 01 Jan 1970 00:00:00 GMT", now)).toBe(today);
  expect(publishedDayOf("Fri, 01 Jan 2100 00:00:00 GMT", now)).toBe(today);
  expect(publishedDayOf("Mon, 02 Feb 2026 08:00:00 GMT", now)).toBe(today - 1);
});
