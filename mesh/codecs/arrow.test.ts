import { describe, expect, test } from "bun:test";
import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table } from "apache-arrow";
import { MeshDecodeError } from "../errors.ts";
import { arrowCodec } from "./arrow.ts";

function sampleTable(): Table {
  const regionId = Int32Array.from([84001001, 84001003, 84001005]);
  const cases = Float64Array.from([10.5, Number.NaN, 3]);
  const fields = [new Field("regionId", new Int32(), false), new Field("cases", new Float64(), true)];
  const schema = new Schema(
    fields,
    new Map([
      ["jobId", "job-1"],
      ["seq", "4"],
    ]),
  );
  const children = [makeData({ type: new Int32(), length: 3, data: regionId }), makeData({ type: new Float64(), length: 3, data: cases })];
  const data = makeData({ type: new Struct(fields), length: 3, children });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

describe("arrowCodec", () => {
  test("round trips Int32/Float64 columns and schema metadata", () => {
    const decoded = arrowCodec.decode(arrowCodec.encode(sampleTable()));
    expect(decoded.numRows).toBe(3);
    expect(decoded.schema.metadata.get("jobId")).toBe("job-1");
    expect(decoded.schema.metadata.get("seq")).toBe("4");
    const ids = decoded.getChild("regionId")!.toArray();
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids)).toEqual([84001001, 84001003, 84001005]);
    const cases = decoded.getChild("cases")!.toArray() as Float64Array;
    expect(cases).toBeInstanceOf(Float64Array);
    expect(cases[0]).toBe(10.5);
    expect(Number.isNaN(cases[1])).toBe(true);
    expect(arrowCodec.contentType).toBe("application/vnd.apache.arrow.stream");
  });

  test("non-Arrow bytes are a MeshDecodeError, not an empty table", () => {
    expect(() => arrowCodec.decode(new TextEncoder().encode('{"a":1}'))).toThrow(MeshDecodeError);
    expect(() => arrowCodec.decode(new Uint8Array(64))).toThrow(MeshDecodeError);
    expect(() => arrowCodec.decode(new Uint8Array(0))).toThrow(MeshDecodeError);
  });

  test("a truncated stream is a MeshDecodeError", () => {
    const bytes = arrowCodec.encode(sampleTable());
    expect(() => arrowCodec.decode(bytes.slice(0, bytes.length - 24))).toThrow(MeshDecodeError);
  });
});
