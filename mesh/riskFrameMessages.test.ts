import { describe, expect, test } from "bun:test";
import { MeshDecodeError } from "./errors.ts";
import { frameTagOf, renderRiskFrame, riskFrameCodec, riskFrameOf, riskRegionQueryCodec } from "./riskFrameMessages.ts";
import type { RiskAnswer } from "../domain/mod.ts";

const answer = {
  region: { id: 1, name: "A", level: "county", fips: null, iso3: null, population: 10, lat: 40, lon: -74 },
  match: "contains",
  distanceKm: 1.5,
  regions: [
    { id: 1, name: "A", level: "county", match: "contains", distanceKm: 1.5, lastDate: null, fresh: true },
    { id: 2, name: 'B \u0000 "quoted"', level: "state", match: "contains", distanceKm: 100.25, lastDate: null, fresh: false },
  ],
} as unknown as RiskAnswer;
const centres: Record<number, [number, number]> = { 1: [40, -74], 2: [42, -75] };
/** Planar stand-in: any function of the two points does for the frame's mechanics. */
const fakeKm = (lat1: number, lon1: number, lat2: number, lon2: number) => Math.abs(lat1 - lat2) * 100 + Math.abs(lon1 - lon2) * 10;

describe("risk frames", () => {
  test("cut at every per-point distance; rendering fills each from its region's centre", () => {
    const frame = riskFrameOf(answer, (id) => centres[id] ?? null);
    expect(frame.byPoint).toBe(false);
    expect(frame.parts).toHaveLength(4);
    expect(frame.centres).toEqual([40, -74, 40, -74, 42, -75]);
    const body = JSON.parse(renderRiskFrame(frame, 41, -74.5, fakeKm));
    expect(body.distanceKm).toBe(105);
    expect(body.regions.map((r: { distanceKm: number }) => r.distanceKm)).toEqual([105, 105]);
    expect(body.regions[1].name).toBe('B \u0000 "quoted"');
    expect(body).toEqual({ ...answer, distanceKm: 105, regions: answer.regions.map((r) => ({ ...r, distanceKm: 105 })) });
  });

  test("a region without a centre, or an answer by point, travels whole with its own distances", () => {
    for (const frame of [riskFrameOf(answer, (id) => (id === 2 ? null : centres[id])), riskFrameOf(answer, (id) => centres[id], true)]) {
      expect(frame).toMatchObject({ byPoint: true, centres: [] });
      expect(JSON.parse(renderRiskFrame(frame, 0, 0, fakeKm))).toEqual(answer);
    }
  });

  test("a name that spells the cut marker does not add a cut", () => {
    const tricky = { ...answer, region: { ...answer.region, name: "\u00001" } } as RiskAnswer;
    const frame = riskFrameOf(tricky, (id) => centres[id]);
    expect(frame.byPoint).toBe(true);
    expect(JSON.parse(renderRiskFrame(frame, 0, 0, fakeKm))).toEqual(tricky);
  });

  test("the wire form round-trips, and a frame whose cuts and centres disagree is refused", () => {
    const frame = riskFrameOf(answer, (id) => centres[id]);
    expect(riskFrameCodec.decode(riskFrameCodec.encode(frame))).toEqual(frame);
    const bytes = new TextEncoder().encode(`{"c":[1,2,3,4],"p":false}\nonly\u0000two`);
    expect(() => riskFrameCodec.decode(bytes)).toThrow(MeshDecodeError);
    expect(() => riskFrameCodec.decode(new TextEncoder().encode("no head line"))).toThrow(MeshDecodeError);
    for (const head of [
      '{"c":[1,"2"],"p":false}',
      '{"c":[1,2]}',
      '{"c":{},"p":true}',
      "null",
      "[1,2]",
      "{bad",
      '{"c":[1,2],"p":false,"t":"A\\""}',
      '{"c":[1,2],"p":false,"t":7}',
    ]) {
      expect(() => riskFrameCodec.decode(new TextEncoder().encode(`${head}\na\u0000b`)), head).toThrow(MeshDecodeError);
    }
  });

  test("a frame carries its tag from its producer: the content's identity, read back from the head, computed when absent", () => {
    const frame = riskFrameOf(answer, (id) => centres[id]);
    expect(frame.tag).toMatch(/^[0-9a-z]{1,16}$/);
    const { tag, ...untagged } = frame;
    expect(frameTagOf(untagged)).toBe(tag!);
    // A head without `t` (a producer of before) decodes to an untagged frame with the same tag.
    const text = new TextDecoder().decode(riskFrameCodec.encode(frame)).replace(/,"t":"[0-9a-z]+"/, "");
    const old = riskFrameCodec.decode(new TextEncoder().encode(text));
    expect(old.tag).toBeUndefined();
    expect(frameTagOf(old)).toBe(tag!);
    // Any change of the content (a part, a centre, byPoint) is another tag.
    expect(frameTagOf({ ...untagged, parts: [...untagged.parts.slice(0, -1), `${untagged.parts.at(-1)} `] })).not.toBe(tag);
    expect(frameTagOf({ ...untagged, centres: untagged.centres.map((c, i) => (i === 0 ? c + 1e-9 : c)) })).not.toBe(tag);
    expect(frameTagOf({ ...untagged, byPoint: true })).not.toBe(tag);
  });

  test("the region query is validated when decoded", () => {
    const q = { lat: 1, lon: 2, groupSize: 10, regionIds: [84017031, 84000017] };
    expect(riskRegionQueryCodec.decode(riskRegionQueryCodec.encode(q))).toEqual(q);
    expect(() => riskRegionQueryCodec.decode(new TextEncoder().encode(JSON.stringify({ ...q, lat: 91 })))).toThrow(MeshDecodeError);
    expect(() => riskRegionQueryCodec.decode(new TextEncoder().encode(JSON.stringify({ lat: 1, lon: 2, groupSize: 10 })))).toThrow(MeshDecodeError);
  });
});
