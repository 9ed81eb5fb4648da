import { describe, expect, test } from "bun:test";
import { MeshDecodeError } from "./errors.ts";
import { riskFrameBatchCodec, riskRegionBatchQueryCodec, MAX_RISK_BATCH, type RiskFrameResult } from "./riskFrameBatchMessages.ts";
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
});
