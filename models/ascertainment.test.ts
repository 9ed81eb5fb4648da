import { describe, expect, test } from "bun:test";
import { constantAscertainment, guPrevalenceRatio, GU_EPOCH_DAY, timeAwareAscertainment } from "./ascertainment.ts";
import { contactAdjustedRisk, contactFactor } from "./contactAdjustment.ts";
import { ModelInputError } from "./errors.ts";

describe("Gu's time- and test-aware prevalence ratio", () => {
  test("hand-computed values", () => {
    expect(GU_EPOCH_DAY).toBe(Date.UTC(2020, 1, 12) / 86_400_000);
    // d = 0, positivity 0.04: 1500/50 × 0.2 + 2 = 8
    expect(guPrevalenceRatio(GU_EPOCH_DAY, 0.04)).toBeCloseTo(8, 12);
    // d = 250, positivity 0.09: 1500/300 × 0.3 + 2 = 3.5
    expect(guPrevalenceRatio(GU_EPOCH_DAY + 250, 0.09)).toBeCloseTo(3.5, 12);
    // positivity 0: only the floor of 2 remains
    expect(guPrevalenceRatio(GU_EPOCH_DAY + 10, 0)).toBe(2);
    // before the epoch the ratio holds day 0's value
    expect(guPrevalenceRatio(GU_EPOCH_DAY - 30, 0.04)).toBeCloseTo(8, 12);
  });

  test("without positivity the assumed 10% gives the point, 3–20% the interval", () => {
    const a = timeAwareAscertainment(GU_EPOCH_DAY + 250);
    expect(a.point).toBeCloseTo((1500 / 300) * Math.sqrt(0.1) + 2, 12);
    expect(a.low).toBeCloseTo((1500 / 300) * Math.sqrt(0.03) + 2, 12);
    expect(a.high).toBeCloseTo((1500 / 300) * Math.sqrt(0.2) + 2, 12);
    expect(timeAwareAscertainment(GU_EPOCH_DAY + 250, 0.09)).toEqual({ point: 3.5, low: 3.5, high: 3.5 });
  });

  test("bad inputs are named errors", () => {
    expect(() => guPrevalenceRatio(GU_EPOCH_DAY, 1.5)).toThrow(ModelInputError);
    expect(() => guPrevalenceRatio(NaN, 0.1)).toThrow(ModelInputError);
    expect(() => constantAscertainment(0)).toThrow(ModelInputError);
  });

  test("constant ascertainment: 5 within 3–10; the interval always contains the point", () => {
    expect(constantAscertainment(5)).toEqual({ point: 5, low: 3, high: 10 });
    expect(constantAscertainment(12)).toEqual({ point: 12, low: 3, high: 12 });
  });
});

describe("contact adjustment", () => {
  test("off by default; scales the group size with bounds", () => {
    expect(contactFactor(-40)).toBe(1);
    expect(contactFactor(-40, 0.5)).toBeCloseTo(0.8, 12);
    expect(contactFactor(20, 0.5)).toBeCloseTo(1.1, 12);
    expect(contactFactor(-300, 1)).toBe(0.5);
    expect(contactFactor(300, 1)).toBe(1.5);
    expect(contactFactor(null, 1)).toBe(1);
    expect(() => contactFactor(10, -1)).toThrow(ModelInputError);
  });

  test("risk with n_eff = n × f: p = 0.01, n = 20, mobility −40%, strength 0.5 → 1 − 0.99^16", () => {
    expect(contactAdjustedRisk(0.01, 20, -40, 0.5)).toBeCloseTo(1 - 0.99 ** 16, 12);
    expect(contactAdjustedRisk(0.01, 20, -40)).toBeCloseTo(1 - 0.99 ** 20, 12);
    expect(() => contactAdjustedRisk(0.01, 0, 0)).toThrow(ModelInputError);
  });
});
