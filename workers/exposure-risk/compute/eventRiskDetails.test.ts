import { expect, test } from "bun:test";
import { eventRiskDetails } from "./eventRiskDetails.ts";

test("interval: the same formula at ascertainment 3 and 10 (prevalence 0.002 at 5, group of 50)", () => {
  const d = eventRiskDetails({ prevalence: 0.002, groupSize: 50, ascertainment: 5, mobilityChange: -20, contactStrength: 0 });
  expect(d.probability).toBeCloseTo(1 - 0.998 ** 50, 12);
  expect(d.interval!.low).toBeCloseTo(1 - (1 - 0.0012) ** 50, 12);
  expect(d.interval!.high).toBeCloseTo(1 - (1 - 0.004) ** 50, 12);
  expect(d.interval).toMatchObject({ ascertainmentLow: 3, ascertainmentHigh: 10 });
  // Strength 0: mobility is reported but does not change the risk.
  expect(d).toMatchObject({ mobilityChange: -20, contactFactor: 1 });
});

test("contact adjustment: mobility −20% at strength 1 → 40 effective people instead of 50", () => {
  const d = eventRiskDetails({ prevalence: 0.002, groupSize: 50, ascertainment: 5, mobilityChange: -20, contactStrength: 1 });
  expect(d.contactFactor).toBeCloseTo(0.8, 12);
  expect(d.probability).toBeCloseTo(1 - 0.998 ** 40, 12);
  expect(d.interval!.high).toBeCloseTo(1 - 0.996 ** 40, 12);
});

test("unknown prevalence: unknown probability and no interval; a high ascertainment caps prevalence at 1", () => {
  expect(eventRiskDetails({ prevalence: null, groupSize: 5, ascertainment: 5, mobilityChange: null, contactStrength: 0 })).toEqual({
    probability: null,
    interval: null,
    mobilityChange: null,
    contactFactor: 1,
  });
  const d = eventRiskDetails({ prevalence: 0.6, groupSize: 2, ascertainment: 5, mobilityChange: null, contactStrength: 0 });
  expect(d.interval!.high).toBe(1);
});
