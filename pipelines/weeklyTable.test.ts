import { expect, test } from "bun:test";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import type { WeeklyColumns } from "../domain/mod.ts";
import { ObservationTableError } from "./errors.ts";
import { weeklyFromTable, weeklyToTable } from "./weeklyTable.ts";
import { MAX_WEEKLY_ROWS_PER_EVENT } from "./sources/weeklyRows.ts";

const columns = (): WeeklyColumns => ({
  metric: "ed-visits-pct",
  regionId: Int32Array.from([840, 84000001, 84048201]),
  weekEnd: Int32Array.from([20000, 20007, 20014]),
  asOf: Int32Array.from([20100, 20100, 20101]),
  value: Float64Array.from([1.84, Number.NaN, 0.5]),
  level: Int8Array.from([2, -1, 0]),
  trend: Int8Array.from([0, -1, 2]),
  missingReason: [null, "Limited Data", null],
});

test("a weekly batch survives Arrow IPC: columns, missing reasons and metadata", () => {
  const batch = { jobId: "j1", seq: 3, source: "nssp-ed-visits", dataset: "nssp-ed-visits", columns: columns() };
  const back = weeklyFromTable(tableFromIPC(tableToIPC(weeklyToTable(batch))));
  expect(back.jobId).toBe("j1");
  expect(back.seq).toBe(3);
  expect(back.dataset).toBe("nssp-ed-visits");
  expect(back.columns.metric).toBe("ed-visits-pct");
  expect(back.columns.regionId).toEqual(batch.columns.regionId);
  expect(back.columns.weekEnd).toEqual(batch.columns.weekEnd);
  expect(back.columns.asOf).toEqual(batch.columns.asOf);
  expect(back.columns.level).toEqual(batch.columns.level);
  expect(back.columns.trend).toEqual(batch.columns.trend);
  expect([...back.columns.value]).toEqual([1.84, Number.NaN, 0.5]);
  expect(back.columns.missingReason).toEqual([null, "Limited Data", null]);
});

test("wrong shapes are refused when encoding", () => {
  const bad = columns();
  bad.weekEnd = Int32Array.from([1]);
  expect(() => weeklyToTable({ jobId: "j", seq: 0, source: "s", dataset: "s", columns: bad })).toThrow(ObservationTableError);
  const metric = { ...columns(), metric: "cases" as never };
  expect(() => weeklyToTable({ jobId: "j", seq: 0, source: "s", dataset: "s", columns: metric })).toThrow(/unknown weekly metric/);
});

test("a full weekly batch with a reason on every row stays under NATS's 1 MB payload", () => {
  const n = MAX_WEEKLY_ROWS_PER_EVENT;
  const c: WeeklyColumns = {
    metric: "ed-visits-pct",
    regionId: new Int32Array(n).fill(84048201),
    weekEnd: new Int32Array(n),
    asOf: new Int32Array(n),
    value: new Float64Array(n).fill(Number.NaN),
    level: new Int8Array(n).fill(-1),
    trend: new Int8Array(n).fill(-1),
    missingReason: new Array(n).fill("Data Unavailable"),
  };
  const bytes = tableToIPC(weeklyToTable({ jobId: "j".repeat(100), seq: 99999, source: "nssp-ed-visits", dataset: "nssp-ed-visits", columns: c }));
  expect(bytes.byteLength).toBeLessThan(1024 * 1024 - 4096);
});
