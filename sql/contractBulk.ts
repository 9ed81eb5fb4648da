// Storage contract, part 3: the bulk paths (append when new, upsert when stored) must agree.
// Run against every driver beside the main contract (postgresJs.test.ts, pglite.test.ts).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DuplicateKeyInBatchError } from "./errors.ts";
import { DAY0, grid, region, uid } from "./contractFixtures.ts";
import type { ObservationColumns, Storage } from "./types.ts";

export function defineBulkContract(name: string, makeStorage: () => Promise<Storage> | Storage): void {
  describe(`Storage contract (bulk): ${name}`, () => {
    let s: Storage;

    beforeAll(async () => {
      s = await makeStorage();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });

    test("a cases file then a deaths file: deaths are new values, not revisions", async () => {
      const source = uid("src");
      const g = grid([11, 12], 5);
      const cases: ObservationColumns = { regionId: g.regionId, day: g.day, cumCases: g.cumCases, newCases: g.newCases };
      const deaths: ObservationColumns = { regionId: g.regionId, day: g.day, cumDeaths: g.cumDeaths, newDeaths: g.newDeaths };
      expect(await s.applyObservations(uid("job"), 0, source, cases)).toMatchObject({ accepted: 10, revised: 0 });
      expect(await s.applyObservations(uid("job"), 0, source, deaths)).toMatchObject({ accepted: 10, revised: 0, unchanged: 0 });
      expect(await s.countObservations(source)).toBe(10);
      expect(await s.getObservation(12, source, DAY0 + 3)).toEqual({
        cumCases: 1_203,
        newCases: 1,
        cumDeaths: 12.3,
        newDeaths: 0.1,
        revision: 0,
      });
      const series = await s.loadObservationSeries(source);
      expect(Array.from(series.cumCases)).toEqual([1100, 1101, 1102, 1103, 1104, 1200, 1201, 1202, 1203, 1204]);
      expect(series.cumDeaths[9]).toBeCloseTo(12.4, 12);
    });

    test("series and counts merge region-days that only one metric covers", async () => {
      const source = uid("src");
      await s.applyObservations(uid("job"), 0, source, { regionId: Int32Array.of(5, 5), day: Int32Array.of(DAY0, DAY0 + 1), cumCases: Float64Array.of(1, 2) });
      await s.applyObservations(uid("job"), 0, source, { regionId: Int32Array.of(5, 5), day: Int32Array.of(DAY0 + 1, DAY0 + 2), cumDeaths: Float64Array.of(7, 8) });
      expect(await s.countObservations(source)).toBe(3);
      const series = await s.loadObservationSeries(source);
      expect(Array.from(series.day)).toEqual([DAY0, DAY0 + 1, DAY0 + 2]);
      expect(Array.from(series.cumCases)).toEqual([1, 2, NaN]);
      expect(Array.from(series.cumDeaths)).toEqual([NaN, 7, 8]);
    });

    test("series are read in parts of the registry: every region, registered or not, once and in order", async () => {
      // 1,100 registered ids: the read is cut into parts (regionParts.ts) at registered ids, so
      // at two or more of these, each of which has rows, as have unregistered ids around them.
      const registered = Array.from({ length: 1_100 }, (_, i) => 95_000_000 + 2 * i);
      await s.applyRegions(
        uid("job"),
        0,
        registered.map((id) => region(id)),
      );
      const ids = [-5, 94_999_999, ...registered.flatMap((id) => [id, id + 1]), 2_147_483_647];
      const source = uid("src");
      await s.applyObservations(uid("job"), 0, source, grid([...ids].reverse(), 2));
      const series = await s.loadObservationSeries(source);
      expect(Array.from(series.regionId)).toEqual(ids.flatMap((id) => [id, id]));
      expect(Array.from(series.day)).toEqual(ids.flatMap(() => [DAY0, DAY0 + 1]));
      expect(Array.from(series.cumCases)).toEqual(ids.flatMap((id) => [100 * id, 100 * id + 1]));
    });

    test("a batch mixing new and stored region-days: new ones inserted, stored ones compared", async () => {
      const source = uid("src");
      await s.applyObservations(uid("job"), 0, source, grid([21], 3));
      const more = grid([21, 22], 4); // 21: days 0-2 stored, day 3 new; 22 all new
      more.cumCases[1] = -1; // revise (21, DAY0+1)
      expect(await s.applyObservations(uid("job"), 0, source, more)).toMatchObject({ accepted: 6, revised: 1, unchanged: 2 });
      expect(await s.getObservation(21, source, DAY0 + 1)).toMatchObject({ cumCases: -1, revision: 1 });
      expect(await s.countObservations(source)).toBe(8);
    });

    test("concurrent jobs appending the same new region-days store each once and count it once", async () => {
      const source = uid("src");
      const results = await Promise.all([0, 1, 2, 3].map(() => s.applyObservations(uid("job"), 0, source, grid([31, 32, 33], 20))));
      expect(results.reduce((a, r) => a + r.accepted, 0)).toBe(60);
      expect(results.reduce((a, r) => a + r.unchanged, 0)).toBe(3 * 60);
      expect(results.every((r) => r.revised === 0)).toBe(true);
      expect(await s.countObservations(source)).toBe(60);
    });

    test("a key repeated inside a new batch is still a DuplicateKeyInBatchError", async () => {
      const job = uid("job");
      const dup: ObservationColumns = { regionId: Int32Array.of(41, 41), day: Int32Array.of(DAY0, DAY0), cumCases: Float64Array.of(1, 2) };
      await expect(s.applyObservations(job, 0, uid("src"), dup)).rejects.toBeInstanceOf(DuplicateKeyInBatchError);
      expect((await s.jobSummary(job))?.batchesDone ?? 0).toBe(0);
    });

    test("a large batch of new rows round-trips exactly (NaN as NULL, fractions, big counts)", async () => {
      const source = uid("src");
      const n = 40_000;
      const cols: ObservationColumns = {
        regionId: Int32Array.from({ length: n }, (_, i) => 84_000_000 + Math.floor(i / 400)),
        day: Int32Array.from({ length: n }, (_, i) => DAY0 + (i % 400)),
        cumCases: Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : i * 1_000_003.25)),
      };
      expect(await s.applyObservations(uid("job"), 0, source, cols)).toMatchObject({ accepted: n });
      expect(await s.getObservation(84_000_000 + 55, source, DAY0 + 123)).toMatchObject({ cumCases: (55 * 400 + 123) * 1_000_003.25, newCases: null });
      expect(await s.getObservation(84_000_000, source, DAY0 + 97)).toMatchObject({ cumCases: null });
      expect(await s.applyObservations(uid("job"), 0, source, cols)).toMatchObject({ accepted: 0, unchanged: n });
    });
  });
}
