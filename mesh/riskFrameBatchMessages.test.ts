import { describe, expect, test } from "bun:test";
import { MeshDecodeError } from "./errors.ts";
import { plainBatchQuery, riskFrameBatchCodec, riskRegionBatchQueryCodec, riskRegionBatchQuerySchema, MAX_RISK_BATCH, type RiskFrameResult } from "./riskFrameBatchMessages.ts";
import type { RiskFrame } from "./riskFrameMessages.ts";

const frame = (text: string, centres: number[] = []): RiskFrame => ({
  parts: centres.length ? [`{"a":"${text}","d":`, "}"] : [`{"a":"${text}"}`],
  centres,
  byPoint: centres.length === 0,
});

describe("risk frame batches", () => {
  test("round trip keeps every result in its place: frames with their cuts, errors with code and message", () => {
    const results: RiskFrameResult[] = [
      { frame: frame("first", [40, -74]) },
      { error: { code: "no_region", message: "no region holds the point" } },
      { frame: frame("third \u00e9 ünïcode") },
      { frame: frame("fourth", [1.5, 2.25]) },
    ];
    const back = riskFrameBatchCodec.decode(riskFrameBatchCodec.encode(results));
    expect(back).toEqual(results);
  });

  test("v2: an unchanged result is a kind-2 result without bytes, in its place; with bytes it is refused", () => {
    const results: RiskFrameResult[] = [{ frame: frame("first", [40, -74]) }, { unchanged: true }, { error: { code: "c", message: "m" } }];
    const bytes = riskFrameBatchCodec.encode(results);
    expect(riskFrameBatchCodec.decode(bytes)).toEqual(results);
    const lone = riskFrameBatchCodec.encode([{ unchanged: true }]);
    expect(lone).toEqual(new Uint8Array([1, 0, 0, 0, 2, 0, 0, 0, 0]));
    const carrying = new Uint8Array([1, 0, 0, 0, 2, 1, 0, 0, 0, 120]);
    expect(() => riskFrameBatchCodec.decode(carrying)).toThrow(/unchanged/);
  });

  test("v2: a query may name the frame held for it (`known`, a tag); anything else there is refused", () => {
    const q = { queries: [{ lat: 1, lon: 2, groupSize: 10, regionIds: [1], known: "abc123" }] };
    expect(riskRegionBatchQueryCodec.decode(riskRegionBatchQueryCodec.encode(q))).toEqual(q);
    for (const known of ["", "ABC", 'a"b', "x".repeat(17), 7]) {
      const bad = { queries: [{ ...q.queries[0], known }] };
      expect(() => riskRegionBatchQueryCodec.decode(new TextEncoder().encode(JSON.stringify(bad))), String(known)).toThrow(MeshDecodeError);
    }
  });

  test("an empty batch and a batch of one", () => {
    expect(riskFrameBatchCodec.decode(riskFrameBatchCodec.encode([]))).toEqual([]);
    const one: RiskFrameResult[] = [{ frame: frame("only", [10, 20]) }];
    expect(riskFrameBatchCodec.decode(riskFrameBatchCodec.encode(one))).toEqual(one);
  });

  test("decodes from a view into a larger buffer (as NATS hands payloads over)", () => {
    const bytes = riskFrameBatchCodec.encode([{ frame: frame("x", [1, 2]) }, { error: { code: "c", message: "m" } }]);
    const big = new Uint8Array(bytes.length + 20);
    big.set(bytes, 7);
    expect(riskFrameBatchCodec.decode(big.subarray(7, 7 + bytes.length))).toEqual([{ frame: frame("x", [1, 2]) }, { error: { code: "c", message: "m" } }]);
  });

  test("truncated, overlong, unknown kinds and bad error payloads are decode errors", () => {
    const bytes = riskFrameBatchCodec.encode([{ frame: frame("a", [1, 2]) }, { error: { code: "c", message: "m" } }]);
    expect(() => riskFrameBatchCodec.decode(bytes.subarray(0, 3))).toThrow(MeshDecodeError);
    expect(() => riskFrameBatchCodec.decode(bytes.subarray(0, bytes.length - 1))).toThrow(MeshDecodeError);
    const extra = new Uint8Array(bytes.length + 1);
    extra.set(bytes);
    expect(() => riskFrameBatchCodec.decode(extra)).toThrow(MeshDecodeError);
    const kind = bytes.slice();
    kind[4] = 7;
    expect(() => riskFrameBatchCodec.decode(kind)).toThrow(/unknown kind 7/);
    const badError = riskFrameBatchCodec.encode([{ error: { code: "c", message: "m" } }]).slice();
    badError[4 + 5 + 2] = "x".charCodeAt(0); // {"xode":…: not {code, message}
    expect(() => riskFrameBatchCodec.decode(badError)).toThrow(MeshDecodeError);
    const huge = new Uint8Array(4);
    new DataView(huge.buffer).setUint32(0, MAX_RISK_BATCH + 1, true);
    expect(() => riskFrameBatchCodec.decode(huge)).toThrow(MeshDecodeError);
  });

  test("the batch query is checked when decoded: at least one query, each a region query", () => {
    const q = { queries: [{ lat: 41.8, lon: -87.6, groupSize: 20, regionIds: [84017031, 84000017], correlationId: "c1" }] };
    expect(riskRegionBatchQueryCodec.decode(riskRegionBatchQueryCodec.encode(q))).toEqual(q);
    const enc = new TextEncoder();
    expect(() => riskRegionBatchQueryCodec.decode(enc.encode(JSON.stringify({ queries: [] })))).toThrow(MeshDecodeError);
    expect(() => riskRegionBatchQueryCodec.decode(enc.encode(JSON.stringify({ queries: [{ lat: 100, lon: 0, groupSize: 20, regionIds: [] }] })))).toThrow(MeshDecodeError);
    expect(() => riskRegionBatchQueryCodec.decode(enc.encode("{"))).toThrow(MeshDecodeError);
  });

  test("the hand check of the batch query accepts nothing the schema refuses, with the schema's values", () => {
    const q = { lat: 41.8781, lon: -87.6298, groupSize: 50, regionIds: [84017031, 84000017], correlationId: "c-1", known: "abc" };
    const variants: Array<Record<string, unknown>> = [
      q,
      { lat: -90, lon: 180, groupSize: 1, regionIds: [] },
      { ...q, lat: 90.0001 },
      { ...q, lat: -90.5 },
      { ...q, lon: 180.5 },
      { ...q, lon: "1" },
      { ...q, groupSize: 0 },
      { ...q, groupSize: 100_001 },
      { ...q, groupSize: 2.5 },
      { ...q, regionIds: [1, 2, 3, 4, 5] },
      { ...q, regionIds: [1.5] },
      { ...q, regionIds: ["1"] },
      { ...q, regionIds: [2 ** 53] },
      { ...q, regionIds: null },
      { ...q, correlationId: 7 },
      { ...q, known: "" },
      { ...q, known: "ABC" },
      { ...q, date: "2021-03-01" },
      { ...q, date: "2021-02-30" },
      { ...q, extra: 1 },
      { lat: 1, lon: 2, groupSize: 3 },
    ];
    const batches: unknown[] = [
      ...variants.map((v) => ({ queries: [v] })),
      { queries: variants.slice(0, 2) },
      { queries: [] },
      { queries: Array.from({ length: MAX_RISK_BATCH + 1 }, () => q) },
      { queries: [q], more: 1 },
      { queries: q },
      { queries: [[1, 2]] },
      null,
      [q],
      JSON.parse(`{"queries":[{"lat":1,"lon":2,"groupSize":3,"regionIds":[],"__proto__":{"x":1}}]}`),
    ];
    let accepted = 0;
    for (const b of batches) {
      const fast = plainBatchQuery(b);
      const schema = riskRegionBatchQuerySchema.safeParse(b);
      if (fast === null) continue;
      accepted++;
      expect(schema.success, JSON.stringify(b)).toBe(true);
      expect(fast).toEqual(schema.data!);
    }
    expect(accepted).toBe(3); // q, the edge values, and both together: the gateway's form is taken
    // What the hand check leaves to the schema is still decoded (a date) or refused by it.
    const dated = { queries: [{ ...q, date: "2021-03-01" }] };
    expect(riskRegionBatchQueryCodec.decode(new TextEncoder().encode(JSON.stringify(dated)))).toEqual(dated);
    expect(() => riskRegionBatchQueryCodec.decode(new TextEncoder().encode(JSON.stringify({ queries: [{ ...q, lat: 91 }] })))).toThrow(MeshDecodeError);
  });
});
