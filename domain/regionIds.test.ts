import { expect, test } from "bun:test";
import { usCountyUidFromFips, usStateUidFromFips } from "./regionIds.ts";

test("FIPS → JHU UID for states, territories and counties", () => {
  expect(usStateUidFromFips(36)).toBe(84000036);
  expect(usStateUidFromFips(72)).toBe(630);
  expect(usStateUidFromFips(66)).toBe(316);
  expect(usStateUidFromFips(3)).toBeNull(); // 03 was never assigned
  expect(usCountyUidFromFips(36061)).toBe(84036061);
  expect(usCountyUidFromFips(1001)).toBe(84001001);
  expect(usCountyUidFromFips(72127)).toBe(63072127);
  expect(usCountyUidFromFips(80036)).toBeNull();
});
