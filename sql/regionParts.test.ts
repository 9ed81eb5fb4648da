import { describe, expect, test } from "bun:test";
import { concatColumns } from "./regionParts.ts";

describe("concatColumns", () => {
  const empty = { regionId: new Int32Array(0), v: new Float64Array(0) };

  test("joins parts in order, keeping each column's type", () => {
    const out = concatColumns([{ regionId: Int32Array.of(1, 1), v: Float64Array.of(0.5, 1.5) }, empty, { regionId: Int32Array.of(7), v: Float64Array.of(Number.NaN) }], empty);
    expect(out.regionId).toBeInstanceOf(Int32Array);
    expect([...out.regionId]).toEqual([1, 1, 7]);
    expect(out.v).toBeInstanceOf(Float64Array);
    expect([...out.v]).toEqual([0.5, 1.5, Number.NaN]);
  });

  test("no rows in any part gives the empty columns", () => {
    expect(concatColumns([empty, empty], empty)).toBe(empty);
  });
});
