import { expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineStorageContract } from "../contract.ts";
import { defineActivityContract } from "../contractActivity.ts";
import { defineBulkContract } from "../contractBulk.ts";
import { defineRiskContract } from "../contractRisk.ts";
import { defineWeeklyContract } from "../contractWeekly.ts";
import { StorageClosedError } from "../errors.ts";
import { createPgliteStorage } from "./pglite.ts";
import { startPgliteThread } from "./pgliteThread.ts";
import { decodeObservationRows } from "../seriesDecode.ts";
import type { ObservationSeries } from "../types.ts";

defineStorageContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineActivityContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineBulkContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineRiskContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineWeeklyContract("PGlite (in memory)", () => createPgliteStorage(undefined));

test("PGlite keeps data in its directory across reopen; closed storage refuses work", async () => {
  const dir = await mkdtemp(join(tmpdir(), "covidmesh-pglite-"));
  try {
    const dataDir = join(dir, "nested", "db"); // missing parents are created
    const first = createPgliteStorage(dataDir);
    await first.migrate();
    const cols = { regionId: Int32Array.of(1), day: Int32Array.of(18_300), cumCases: Float64Array.of(42) };
    await first.applyObservations("job-1", 0, "jhu", cols);
    await first.close();
    await expect(first.ping()).rejects.toBeInstanceOf(StorageClosedError);

    const second = createPgliteStorage(dataDir);
    await second.migrate();
    expect(await second.getObservation(1, "jhu", 18_300)).toMatchObject({ cumCases: 42 });
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// The same contract with PGlite on a worker thread (what `npm start`'s storage process uses).
defineStorageContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineBulkContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineRiskContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineWeeklyContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineActivityContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));

// The series loads are decoded on PGlite's thread (seriesDecode.ts): the caller's thread gets
// typed arrays, equal to decoding the same rows where they are read, and a failed decode
// rejects like a failed query without stopping the thread.
test("PGlite's thread decodes series rows into the same typed columns as the caller would", async () => {
  const thread = startPgliteThread(undefined);
  try {
    // Two regions; region 2 has deaths on a day without cases and a NULL case value.
    const rowsSql = `select * from (values
      (1, array[10, 11, 12]::int4[], array[5, 6, 7]::float8[], array[10, 12]::int4[], array[0, 1]::float8[]),
      (2, array[10]::int4[], array[null]::float8[], array[10, 11]::int4[], array[2, 3]::float8[]),
      (3, null::int4[], null::float8[], array[20]::int4[], array[9]::float8[])
    ) as t(region_id, case_days, cases, death_days, deaths) where region_id >= $1 order by region_id`;
    const decoded = (await thread.decode(rowsSql, [1], "observationSeries")) as ObservationSeries;
    const rows = (await thread.query(rowsSql, [1])).rows as Array<Record<string, unknown>>;
    const here = decodeObservationRows(rows);
    expect(decoded.cumCases).toBeInstanceOf(Float64Array);
    expect(decoded.regionId).toBeInstanceOf(Int32Array);
    expect(Array.from(decoded.regionId)).toEqual([1, 1, 1, 2, 2, 3]);
    expect(Array.from(decoded.day)).toEqual([10, 11, 12, 10, 11, 20]);
    expect(Array.from(decoded.cumCases)).toEqual([5, 6, 7, NaN, NaN, NaN]);
    expect(Array.from(decoded.cumDeaths)).toEqual([0, NaN, 1, 2, 3, 9]);
    for (const k of ["regionId", "day", "cumCases", "cumDeaths"] as const) expect(Array.from(decoded[k])).toEqual(Array.from(here[k]));

    await expect(thread.decode("select * from no_such_table", [], "observationSeries")).rejects.toMatchObject({ code: "42P01" });
    expect((await thread.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  } finally {
    await thread.close();
  }
});
