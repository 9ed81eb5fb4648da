// Region-day batches as Arrow tables: Int32 regionId/day, one Float64 column per value the
// source carries, and jobId/seq/source/dataset in the schema metadata. Observations and
// mobility use the same layout with different value columns (observationTable.ts,
// mobilityTable.ts); the typed arrays cross the wire without per-row objects.
import { type Data, DataType, Field, Float64, Int32, makeData, Precision, RecordBatch, Schema, Struct, Table } from "apache-arrow";
import { ObservationTableError } from "./errors.ts";
import type { ObservationBatchMeta } from "./types.ts";

const KEY_COLUMNS = ["regionId", "day"] as const;
const META_KEYS = ["jobId", "seq", "source", "dataset"] as const;

export type RegionDayColumns<K extends string> = { regionId: Int32Array; day: Int32Array } & Partial<Record<K, Float64Array>>;

export function regionDaysToTable<K extends string>(meta: ObservationBatchMeta, columns: RegionDayColumns<K>, valueNames: readonly K[]): Table {
  const { jobId, seq, source, dataset } = meta;
  if (!Number.isInteger(seq) || seq < 0) throw new ObservationTableError(`seq must be a non-negative integer, got ${seq}`);
  for (const [key, value] of [
    ["jobId", jobId],
    ["source", source],
    ["dataset", dataset],
  ] as const) {
    if (typeof value !== "string" || value === "") throw new ObservationTableError(`${key} must be a non-empty string`);
  }
  const n = columns.regionId.length;
  if (!(columns.regionId instanceof Int32Array) || !(columns.day instanceof Int32Array)) {
    throw new ObservationTableError("regionId and day must be Int32Arrays");
  }
  if (columns.day.length !== n) throw new ObservationTableError(`day has ${columns.day.length} values, regionId ${n}`);

  const fields: Field[] = [new Field("regionId", new Int32(), false), new Field("day", new Int32(), false)];
  const children: Data[] = [intData(columns.regionId), intData(columns.day)];
  for (const name of valueNames) {
    const values = columns[name];
    if (values === undefined) continue;
    if (!(values instanceof Float64Array)) throw new ObservationTableError(`${name} must be a Float64Array`);
    if (values.length !== n) throw new ObservationTableError(`${name} has ${values.length} values, regionId ${n}`);
    // Not nullable: NaN is the "unknown for this day" marker inside a present column.
    fields.push(new Field(name, new Float64(), false));
    children.push(makeData({ type: new Float64(), length: n, nullCount: 0, data: values }));
  }
  const metadata = new Map([
    ["jobId", jobId],
    ["seq", String(seq)],
    ["source", source],
    ["dataset", dataset],
  ]);
  const schema = new Schema(fields, metadata);
  const data = makeData({ type: new Struct(fields), length: n, nullCount: 0, children });
  return new Table(schema, new RecordBatch(schema, data));
}

function intData(values: Int32Array) {
  return makeData({ type: new Int32(), length: values.length, nullCount: 0, data: values });
}

export function regionDaysFromTable<K extends string>(table: Table, valueNames: readonly K[]): ObservationBatchMeta & { columns: RegionDayColumns<K> } {
  const meta = table.schema.metadata;
  const missing = META_KEYS.filter((k) => !meta.has(k) || meta.get(k) === "");
  if (missing.length > 0) throw new ObservationTableError(`region-day table lacks metadata ${missing.join(", ")}`);
  const seqText = meta.get("seq")!;
  if (!/^\d+$/.test(seqText)) throw new ObservationTableError(`metadata seq "${seqText}" is not a non-negative integer`);

  const known = new Set<string>([...KEY_COLUMNS, ...valueNames]);
  const unknown = table.schema.fields.map((f) => f.name).filter((name) => !known.has(name));
  // An unexpected column would be dropped on the floor: refuse instead.
  if (unknown.length > 0) throw new ObservationTableError(`region-day table has unknown column(s) ${unknown.join(", ")}`);

  const columns = { regionId: readInt32(table, "regionId"), day: readInt32(table, "day") } as RegionDayColumns<K>;
  for (const name of valueNames) {
    const values = readFloat64(table, name);
    if (values !== undefined) (columns as Record<string, Float64Array>)[name] = values;
  }
  return {
    jobId: meta.get("jobId")!,
    seq: Number(seqText),
    source: meta.get("source")!,
    dataset: meta.get("dataset")!,
    columns,
  };
}

function fieldOf(table: Table, name: string): Field | undefined {
  return table.schema.fields.find((f) => f.name === name);
}

function readInt32(table: Table, name: (typeof KEY_COLUMNS)[number]): Int32Array {
  const field = fieldOf(table, name);
  if (!field) throw new ObservationTableError(`region-day table lacks column ${name}`);
  const type = field.type;
  if (!DataType.isInt(type) || type.bitWidth !== 32 || !type.isSigned) {
    throw new ObservationTableError(`column ${name} must be Int32, got ${type}`);
  }
  const vector = table.getChild(name)!;
  if (vector.nullCount > 0) throw new ObservationTableError(`column ${name} has ${vector.nullCount} nulls`);
  const values = vector.toArray();
  return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
}

function readFloat64(table: Table, name: string): Float64Array | undefined {
  const field = fieldOf(table, name);
  if (!field) return undefined;
  const type = field.type;
  if (!DataType.isFloat(type) || type.precision !== Precision.DOUBLE) {
    throw new ObservationTableError(`column ${name} must be Float64, got ${type}`);
  }
  const vector = table.getChild(name)!;
  const values = vector.toArray();
  const out = values instanceof Float64Array ? values : Float64Array.from(values as ArrayLike<number>);
  if (vector.nullCount === 0) return out;
  // Nulls from a foreign producer mean "unknown", which this contract spells NaN.
  const copy = out === values ? out.slice() : out;
  for (let i = 0; i < copy.length; i++) if (!vector.isValid(i)) copy[i] = Number.NaN;
  return copy;
}
