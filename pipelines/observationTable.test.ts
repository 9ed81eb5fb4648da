import { describe, expect, test } from "bun:test";
import { type Vector, Field, Int32, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC, vectorFromArray, Float64 } from "apache-arrow";
import { ObservationTableError } from "./errors.ts";
import { observationsFromTable, observationsToTable } from "./observationTable.ts";
import type { ObservationBatch } from "./types.ts";

/** The same single-batch table under different schema metadata. */
function retag(table: Table, meta: Map<string, string>): Table {
  const schema = new Schema(table.schema.fields, new Map(meta));
  return new Table(schema, new RecordBatch(schema, table.batches[0].data));
}

function sample(n = 5): ObservationBatch {
  const regionId = Int32Array.from({ length: n }, (_, i) => 84036061 + (i % 2));
  const day = Int32Array.from({ length: n }, (_, i) => 18500 + i);
  const cumCases = Float64Array.from({ length: n }, (_, i) => 100 + i * 10);
  const newCases = Float64Array.from({ length: n }, (_, i) => (i === 0 ? Number.NaN : 10));
  return { jobId: "job-1", seq: 3, source: "jhu-us-cases", dataset: "jhu-us", columns: { regionId, day, cumCases, newCases } };
}

describe("observation Arrow tables", () => {
  test("round trip through Arrow IPC keeps values, NaN, metadata and only the present metrics", () => {
    const batch = sample();
    const table = tableFromIPC(tableToIPC(observationsToTable(batch), "stream"));
    expect(table.schema.fields.map((f) => f.name)).toEqual(["regionId", "day", "cumCases", "newCases"]);
    const back = observationsFromTable(table);
    expect(back.jobId).toBe("job-1");
    expect(back.seq).toBe(3);
    expect(back.source).toBe("jhu-us-cases");
    expect(back.dataset).toBe("jhu-us");
    expect(back.columns.regionId).toBeInstanceOf(Int32Array);
    expect(back.columns.newCases).toBeInstanceOf(Float64Array);
    expect(Array.from(back.columns.regionId)).toEqual(Array.from(batch.columns.regionId));
    expect(Array.from(back.columns.day)).toEqual(Array.from(batch.columns.day));
    expect(Array.from(back.columns.cumCases!)).toEqual(Array.from(batch.columns.cumCases!));
    expect(Number.isNaN(back.columns.newCases![0])).toBe(true);
    expect(back.columns.newCases![1]).toBe(10);
    expect(back.columns.cumDeaths).toBeUndefined();
    expect(back.columns.newDeaths).toBeUndefined();
  });

  test("decoding is zero-copy for a single-batch table", () => {
    const batch = sample();
    const back = observationsFromTable(observationsToTable(batch));
    expect(back.columns.cumCases!.buffer).toBe(batch.columns.cumCases!.buffer);
  });

  test("an empty batch round-trips", () => {
    const empty = { ...sample(0), seq: 0 };
    const back = observationsFromTable(tableFromIPC(tableToIPC(observationsToTable(empty), "stream")));
    expect(back.columns.regionId.length).toBe(0);
    expect(back.columns.cumCases!.length).toBe(0);
  });

  test("encoding rejects mismatched lengths and bad headers", () => {
    const b = sample();
    expect(() => observationsToTable({ ...b, columns: { ...b.columns, day: new Int32Array(2) } })).toThrow(ObservationTableError);
    expect(() => observationsToTable({ ...b, seq: -1 })).toThrow(ObservationTableError);
    expect(() => observationsToTable({ ...b, jobId: "" })).toThrow(ObservationTableError);
  });

  test("decoding rejects missing metadata, missing columns, wrong types and unknown columns", () => {
    const good = observationsToTable(sample());
    const withMeta = (meta: Map<string, string>) => retag(good, meta);
    const meta = new Map(good.schema.metadata);
    meta.delete("seq");
    expect(() => observationsFromTable(withMeta(meta))).toThrow(/lacks metadata seq/);
    const badSeq = new Map(good.schema.metadata);
    badSeq.set("seq", "x");
    expect(() => observationsFromTable(withMeta(badSeq))).toThrow(ObservationTableError);

    const build = (cols: Record<string, Vector>) => retag(new Table(cols), good.schema.metadata);
    const ids = vectorFromArray(Int32Array.of(1, 2));
    const days = vectorFromArray(Int32Array.of(3, 4));
    expect(() => observationsFromTable(build({ regionId: ids }))).toThrow(/lacks column day/);
    expect(() => observationsFromTable(build({ regionId: ids, day: vectorFromArray(Float64Array.of(3, 4)) }))).toThrow(/day must be Int32/);
    expect(() => observationsFromTable(build({ regionId: ids, day: days, cumCases: vectorFromArray(Float32Array.of(1, 2)) }))).toThrow(/cumCases must be Float64/);
    expect(() => observationsFromTable(build({ regionId: ids, day: days, hospitalized: vectorFromArray(Float64Array.of(1, 2)) }))).toThrow(/unknown column/);
    expect(observationsFromTable(build({ regionId: ids, day: days })).columns.regionId.length).toBe(2);
  });

  test("nulls in a metric from a foreign producer become NaN", () => {
    const fields = [new Field("regionId", new Int32()), new Field("day", new Int32()), new Field("cumCases", new Float64(), true)];
    const meta = new Map([
      ["jobId", "j"],
      ["seq", "0"],
      ["source", "s"],
      ["dataset", "d"],
    ]);
    const schema = new Schema(fields, meta);
    const cum = vectorFromArray([1, null, 3], new Float64());
    const data = makeData({
      type: new Struct(fields),
      length: 3,
      nullCount: 0,
      children: [makeData({ type: new Int32(), length: 3, data: Int32Array.of(1, 1, 1) }), makeData({ type: new Int32(), length: 3, data: Int32Array.of(1, 2, 3) }), cum.data[0]],
    });
    const back = observationsFromTable(new Table(schema, new RecordBatch(schema, data)));
    expect(back.columns.cumCases![0]).toBe(1);
    expect(Number.isNaN(back.columns.cumCases![1])).toBe(true);
    expect(back.columns.cumCases![2]).toBe(3);
  });
});
