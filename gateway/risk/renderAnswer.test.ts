import { describe, expect, test } from "bun:test";
import { riskFrameOf } from "../../mesh/mod.ts";
import { haversineKm } from "../../models/mod.ts";
import { riskAnswer } from "../testSupport.ts";
import { renderAnswer } from "./renderAnswer.ts";

const centres: Record<number, [number, number]> = { 84036061: [40.767, -73.97], 84000036: [42.9, -75.5] };
const frame = riskFrameOf(riskAnswer, (id) => centres[id] ?? null);
const km = (lat: number, lon: number, id: number) => Math.round(haversineKm(lat, lon, centres[id][0], centres[id][1]) * 1000) / 1000;

describe("renderAnswer", () => {
  test("the body is the answer's own serialization with the point's distances", () => {
    expect(frame.byPoint).toBe(false);
    const [lat, lon] = [40.7128, -74.006];
    const expected = {
      ...riskAnswer,
      distanceKm: km(lat, lon, 84036061),
      regions: riskAnswer.regions.map((r) => ({ ...r, distanceKm: km(lat, lon, r.id) })),
    };
    expect(renderAnswer(frame, lat, lon).body).toBe(JSON.stringify(expected));
  });

  test("one ETag per body: equal for equal bodies, different when a distance differs", () => {
    const seen = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      // Points 1e-5° apart: many share their rounded distances (and so their body), many do not.
      const { body, etag } = renderAnswer(frame, 40.7 + (i % 50) * 1e-5, -74 + Math.floor(i / 50) * 1e-5);
      expect(etag).toMatch(/^"[0-9a-z._-]+"$/);
      const before = seen.get(etag);
      if (before !== undefined) expect(body).toBe(before);
      seen.set(etag, body);
    }
    expect(new Set(seen.values()).size).toBe(seen.size);
    expect(seen.size).toBeGreaterThan(100);
  });

  test("a by-point frame (no cuts) keeps the frame's own tag", () => {
    const whole = riskFrameOf(riskAnswer, () => null);
    const a = renderAnswer(whole, 1, 2);
    expect(a.body).toBe(JSON.stringify(riskAnswer));
    expect(renderAnswer(whole, 3, 4).etag).toBe(a.etag);
  });
});
