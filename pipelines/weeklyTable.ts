// Weekly batches as Arrow tables: Int32 regionId / weekEnd / asOf, Float64 value (NaN = missing),
// Int8 level / trend (-1 = none), a nullable Utf8 missingReason, and jobId / seq / source /
// dataset / metric in the schema metadata. The covid-data worker encodes, persistence decodes.
import { DataType, Field, Float64, Int32, Int8, makeData, Precision, RecordBatch, Schema, Struct, Table, Utf8, vectorFromArray, type Data } from "apache-arrow";
import { WEEKLY_METRICS, type WeeklyMetric } from "../domain/mod.ts";
import { ObservationTableError } from "./errors.ts";
import type { WeeklyBatch } from "./types.ts";

const META_KEYS = ["jobId", "seq", "source", "dataset", "metric"] as const;
const COLUMNS = ["regionId", "weekEnd", "asOf", "value", "level", "trend", "missingReason"] as const;

export function weeklyToTable(batch: WeeklyBatch): Table {
  const { jobId, seq, source, dataset, columns: c } = batch;
  if (!Number.isInteger(seq) || seq < 0) throw new ObservationTableError(`seq must be a non-negative integer, got ${seq}`);
  for (const [key, value] of [
    ["jobId", jobId],
    ["source", source],
    ["dataset", dataset],
  ] as const) {
    if (typeof value !== "string" || value === "") throw new ObservationTableError(`${key} must be a non-empty string`);
  }
  if (!WEEKLY_METRICS.includes(c.metric)) throw new ObservationTableError(`unknown weekly metric "${c.metric}"`);
  const n = c.regionId.length;
  const typed: [string, ArrayLike<number>, unknown][] = [
    ["regionId", c.regionId, Int32Array],
    ["weekEnd", c.weekEnd, Int32Array],
    ["asOf", c.asOf, Int32Array],
    ["value", c.value, Float64Array],
    ["level", c.level, Int8Array],
    ["trend", c.trend, Int8Array],
  ];
  for (const [name, values, kind] of typed) {
    if (!(values instanceof (kind as typeof Int32Array))) throw new ObservationTableError(`${name} must be a ${(kind as { name: string }).name}`);
    if (values.length !== n) throw new ObservationTableError(`${name} has ${values.length} values, regionId ${n}`);
  }
  if (c.missingReason.length !== n) throw new ObservationTableError(`missingReason has ${c.missingReason.length} values, regionId ${n}`);

  const reasons = vectorFromArray(c.missingReason, new Utf8()).data[0];
  const fields = [
    new Field("regionId", new Int32(), false),
    new Field("weekEnd", new Int32(), false),
    new Field("asOf", new Int32(), false),
    new Field("value", new Float64(), false),
    new Field("level", new Int8(), false),
    new Field("trend", new Int8(), false),
    new Field("missingReason", new Utf8(), true),
  ];
  const children: Data[] = [
    makeData({ type: new Int32(), length: n, nullCount: 0, data: c.regionId }),
    makeData({ type: new Int32(), length: n, nullCount: 0, data: c.weekEnd }),
    makeData({ type: new Int32(), length: n, nullCount: 0, data: c.asOf }),
    makeData({ type: new Float64(), length: n, nullCount: 0, data: c.value }),
    makeData({ type: new Int8(), length: n, nullCount: 0, data: c.level }),
    makeData({ type: new Int8(), length: n, nullCount: 0, data: c.trend }),
    reasons,
  ];
  const metadata = new Map([
    ["jobId", jobId],
    ["seq", String(seq)],
    ["source", source],
    ["dataset", dataset],
    ["metric", c.metric],
  ]);
  const schema = new Schema(fields, metadata);
  const data = makeData({ type: new Struct(fields), length: n, nullCount: 0, children });
  return new Table(schema, new RecordBatch(schema, data));
}

export function weeklyFromTable(table: Table): WeeklyBatch {
  const meta = table.schema.metadata;
  const missing = META_KEYS.filter((k) => !meta.has(k) || meta.get(k) === "");
  if (missing.length > 0) throw new ObservationTableError(`weekly table lacks metadata ${missing.join(", ")}`);
  const seqText = meta.get("seq")!;
  if (!/^\d+$/.test(seqText)) throw new ObservationTableError(`metadata seq "${seqText}" is not a non-negative integer`);
  const metric = meta.get("metric") as WeeklyMetric;
  if (!WEEKLY_METRICS.includes(metric)) throw new ObservationTableError(`unknown weekly metric "${metric}"`);
  const unknown = table.schema.fields.map((f) => f.name).filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new ObservationTableError(`weekly table has unknown column(s) ${unknown.join(", ")}`);
  const reasonVector = table.getChild("missingReason");
  if (!reasonVector) throw new ObservationTableError("weekly table lacks column missingReason");
  const missingReason: (string | null)[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) missingReason[i] = reasonVector.get(i) ?? null;
  return {
    jobId: meta.get("jobId")!,
    seq: Number(seqText),
    source: meta.get("source")!,
    dataset: meta.get("dataset")!,
    columns: {
      metric,
      regionId: readInt(table, "regionId", 32, Int32Array),
      weekEnd: readInt(table, "weekEnd", 32, Int32Array),
      asOf: readInt(table, "asOf", 32, Int32Array),
      value: readFloat64(table, "value"),
      level: readInt(table, "level", 8, Int8Array),
      trend: readInt(table, "trend", 8, Int8Array),
      missingReason,
    },
  };
}

function readInt<T extends Int32Array | Int8Array>(table: Table, name: string, bits: number, kind: { from(a: ArrayLike<number>): T }): T {
  const field = table.schema.fields.find((f) => f.name === name);
  if (!field) throw new ObservationTableError(`weekly table lacks column ${name}`);
  if (!DataType.isInt(field.type) || field.type.bitWidth !== bits || !field.type.isSigned) {
    throw new ObservationTableError(`column ${name} must be Int${bits}, got ${field.type}`);
  }
  const vector = table.getChild(name)!;
  if (vector.nullCount > 0) throw new ObservationTableError(`column ${name} has ${vector.nullCount} nulls`);
  const values = vector.toArray();
  return (values.constructor === (kind as unknown) ? values : kind.from(values as ArrayLike<number>)) as T;
}

function readFloat64(table: Table, name: string): Float64Array {
  const field = table.schema.fields.find((f) => f.name === name);
  if (!field) throw new ObservationTableError(`weekly table lacks column ${name}`);
  if (!DataType.isFloat(field.type) || field.type.precision !== Precision.DOUBLE) {
    throw new ObservationTableError(`column ${name} must be Float64, got ${field.type}`);
  }
  const vector = table.getChild(name)!;
  const values = vector.toArray();
  const out = values instanceof Float64Array ? values.slice() : Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) if (!vector.isValid(i)) out[i] = Number.NaN;
  return out;
}
