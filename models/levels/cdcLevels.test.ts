import { describe, expect, test } from "bun:test";
import { cdcCaseLevel, cdcPositivityLevel, cdcTransmissionLevel, cdcTransmissionLevels } from "./cdcLevels.ts";
import { CdcTransmissionLevel } from "./types.ts";
import { cdcTransmissionLevelName } from "./names.ts";
import { ModelInputError } from "../errors.ts";

const { LOW, MODERATE, SUBSTANTIAL, HIGH, UNKNOWN } = CdcTransmissionLevel;

describe("CDC community transmission", () => {
  test("weekly cases per 100k: lower bounds inclusive, upper exclusive", () => {
    expect(cdcCaseLevel(0)).toBe(LOW);
    expect(cdcCaseLevel(9.999)).toBe(LOW);
    expect(cdcCaseLevel(10)).toBe(MODERATE);
    expect(cdcCaseLevel(49.99)).toBe(MODERATE);
    expect(cdcCaseLevel(50)).toBe(SUBSTANTIAL);
    expect(cdcCaseLevel(99.99)).toBe(SUBSTANTIAL);
    expect(cdcCaseLevel(100)).toBe(HIGH);
    expect(cdcCaseLevel(Number.NaN)).toBe(UNKNOWN);
  });

  test("positivity: <5%, 5–<8%, 8–<10%, ≥10%", () => {
    expect(cdcPositivityLevel(0.0499)).toBe(LOW);
    expect(cdcPositivityLevel(0.05)).toBe(MODERATE);
    expect(cdcPositivityLevel(0.0799)).toBe(MODERATE);
    expect(cdcPositivityLevel(0.08)).toBe(SUBSTANTIAL);
    expect(cdcPositivityLevel(0.0999)).toBe(SUBSTANTIAL);
    expect(cdcPositivityLevel(0.1)).toBe(HIGH);
  });

  test("the higher of the two; a missing indicator is ignored", () => {
    expect(cdcTransmissionLevel(5, 0.09)).toBe(SUBSTANTIAL);
    expect(cdcTransmissionLevel(120, 0.01)).toBe(HIGH);
    expect(cdcTransmissionLevel(5, null)).toBe(LOW);
    expect(cdcTransmissionLevel(null, 0.06)).toBe(MODERATE);
    expect(cdcTransmissionLevel(null, null)).toBe(UNKNOWN);
    expect(Array.from(cdcTransmissionLevels(Float64Array.of(9.999, 10, 100)))).toEqual([LOW, MODERATE, HIGH]);
  });

  test("names", () => {
    expect(cdcTransmissionLevelName(2)).toBe("SUBSTANTIAL");
    expect(() => cdcTransmissionLevelName(9)).toThrow(ModelInputError);
  });
});
