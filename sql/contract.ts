// The storage contract: one suite, run against every driver (postgresJs.test.ts, pglite.test.ts).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DuplicateKeyInBatchError, InvalidBatchError, InvalidManifestError, InvalidRegionError } from "./errors.ts";
import { DAY0, grid, region, uid } from "./contractFixtures.ts";
import type { JobManifest, ObservationColumns, Storage } from "./types.ts";

export function defineStorageContract(name: string, makeStorage: () => Promise<Storage> | Storage): void {
  describe(`Storage contract: ${name}`, () => {
    let s: Storage;

    beforeAll(async () => {
      s = await makeStorage();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });

    test("ping answers and migrate() again is a no-op that keeps data", async () => {
      await s.ping();
      const source = uid("src");
      await s.applyObservations(uid("job"), 0, source, grid([1], 3));
      await s.migrate();
      await Promise.all([s.migrate(), s.migrate()]);
      expect(await s.countObservations(source)).toBe(3);
    });

    test("regions: insert, then only changes are written; null never erases", async () => {
      const job = uid("job");
      const base = 900_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
      const rs = [region(base + 1), region(base + 2), region(base + 3, { level: "state", parentId: null })];
      const first = await s.applyRegions(job, 0, rs);
      expect(first).toEqual({ applied: true, accepted: 0, unchanged: 0, revised: 0, rejected: 0, regions: 3 });
      expect((await s.applyRegions(job, 1, rs)).regions).toBe(0);

      const changed = [region(base + 1, { name: "Renamed" }), region(base + 2, { population: null, lat: null }), rs[2]];
      expect((await s.applyRegions(job, 2, changed)).regions).toBe(1);

      const stored = (await s.listRegions()).filter((r) => r.id > base && r.id <= base + 3);
      expect(stored).toEqual([region(base + 1, { name: "Renamed" }), region(base + 2), region(base + 3, { level: "state", parentId: null })]);
      expect(typeof stored[0].population).toBe("number");
    });

    test("regions: bad records are rejected with named errors and nothing is written", async () => {
      const job = uid("job");
      await expect(s.applyRegions(job, 0, [region(5, { level: "city" as never })])).rejects.toBeInstanceOf(InvalidRegionError);
      await expect(s.applyRegions(job, 0, [region(5, { lat: 91 })])).rejects.toBeInstanceOf(InvalidRegionError);
      await expect(s.applyRegions(job, 0, [region(6), region(6)])).rejects.toBeInstanceOf(DuplicateKeyInBatchError);
      expect(await s.jobSummary(job)).toBeNull();
    });

    test("observations: insert, identical redelivery under a new seq is unchanged", async () => {
      const job = uid("job");
      const source = uid("src");
      const cols = grid([101, 102, 103], 10);
      expect(await s.applyObservations(job, 0, source, cols)).toEqual({
        applied: true,
        accepted: 30,
        unchanged: 0,
        revised: 0,
        rejected: 0,
        regions: 0,
      });
      expect(await s.applyObservations(job, 1, source, cols)).toEqual({
        applied: true,
        accepted: 0,
        unchanged: 30,
        revised: 0,
        rejected: 0,
        regions: 0,
      });
      expect(await s.countObservations(source)).toBe(30);
      expect(await s.getObservation(102, source, DAY0 + 4)).toEqual({
        cumCases: 10_204,
        newCases: 1,
        cumDeaths: 102.4,
        newDeaths: 0.1,
        revision: 0,
      });
      expect(await s.getObservation(102, source, DAY0 + 99)).toBeNull();
      expect(await s.getObservation(102, uid("other"), DAY0 + 4)).toBeNull();
    });

    test("observations: a revised value is updated, counted and bumps the revision", async () => {
      const job = uid("job");
      const source = uid("src");
      const cols = grid([201, 202], 5);
      await s.applyObservations(job, 0, source, cols);
      cols.cumCases[1] = 5; // (201, DAY0+1)
      cols.newDeaths[7] = 3; // (202, DAY0+2)
      expect(await s.applyObservations(job, 1, source, cols)).toMatchObject({ accepted: 2, revised: 2, unchanged: 8 });
      expect(await s.getObservation(201, source, DAY0 + 1)).toMatchObject({ cumCases: 5, revision: 1 });
      expect(await s.getObservation(202, source, DAY0 + 2)).toMatchObject({ newDeaths: 3, cumCases: 20_202, revision: 1 });
      expect(await s.getObservation(201, source, DAY0 + 2)).toMatchObject({ revision: 0 });
      cols.cumCases[1] = 6;
      await s.applyObservations(job, 2, source, cols);
      expect(await s.getObservation(201, source, DAY0 + 1)).toMatchObject({ cumCases: 6, revision: 2 });
    });

    test("observations: a deaths-only batch leaves cases alone", async () => {
      const job = uid("job");
      const source = uid("src");
      await s.applyObservations(job, 0, source, grid([301], 3));
      const deathsOnly: ObservationColumns = {
        regionId: Int32Array.of(301, 301, 301, 302),
        day: Int32Array.of(DAY0, DAY0 + 1, DAY0 + 2, DAY0),
        cumDeaths: Float64Array.of(301, 301.1, 999, 7),
      };
      expect(await s.applyObservations(job, 1, source, deathsOnly)).toMatchObject({ accepted: 2, revised: 1, unchanged: 2 });
      expect(await s.getObservation(301, source, DAY0 + 2)).toEqual({
        cumCases: 30_102,
        newCases: 1,
        cumDeaths: 999,
        newDeaths: 0.1,
        revision: 1,
      });
      expect(await s.getObservation(302, source, DAY0)).toEqual({
        cumCases: null,
        newCases: null,
        cumDeaths: 7,
        newDeaths: null,
        revision: 0,
      });
    });

    test("observations: NaN is stored as NULL and never overwrites a known value", async () => {
      const job = uid("job");
      const source = uid("src");
      const cols: ObservationColumns = {
        regionId: Int32Array.of(401, 401),
        day: Int32Array.of(DAY0, DAY0 + 1),
        cumCases: Float64Array.of(NaN, 12),
        newCases: Float64Array.of(NaN, 5),
      };
      expect(await s.applyObservations(job, 0, source, cols)).toMatchObject({ accepted: 2 });
      expect(await s.getObservation(401, source, DAY0)).toMatchObject({ cumCases: null, newCases: null });
      const unknown = Float64Array.of(NaN, NaN);
      const unknownAgain: ObservationColumns = { ...cols, cumCases: unknown, newCases: unknown };
      expect(await s.applyObservations(job, 1, source, unknownAgain)).toMatchObject({ accepted: 0, unchanged: 2 });
      expect(await s.getObservation(401, source, DAY0 + 1)).toMatchObject({ cumCases: 12, newCases: 5, revision: 0 });
      // A row that is revised in one column keeps the known value of a column sent as NaN.
      const revised: ObservationColumns = { ...cols, cumCases: Float64Array.of(10, 13), newCases: unknown };
      expect(await s.applyObservations(job, 2, source, revised)).toMatchObject({ accepted: 2, revised: 2 });
      expect(await s.getObservation(401, source, DAY0)).toMatchObject({ cumCases: 10, newCases: null, revision: 1 });
      expect(await s.getObservation(401, source, DAY0 + 1)).toMatchObject({ cumCases: 13, newCases: 5, revision: 1 });
    });

    test("observations: the same (jobId, seq) twice is applied once", async () => {
      const job = uid("job");
      const source = uid("src");
      const cols = grid([501, 502], 4);
      const first = await s.applyObservations(job, 7, source, cols);
      const changed = grid([501, 502, 503], 4);
      changed.cumCases.fill(1);
      const again = await s.applyObservations(job, 7, source, changed);
      expect(again).toEqual({ ...first, applied: false });
      expect(await s.countObservations(source)).toBe(8);
      expect(await s.getObservation(501, source, DAY0)).toMatchObject({ cumCases: 50_100, revision: 0 });
      expect((await s.jobSummary(job))?.batchesDone).toBe(1);
    });

    test("observations: concurrent duplicates of one message apply once", async () => {
      const job = uid("job");
      const source = uid("src");
      const results = await Promise.all([0, 1, 2].map(() => s.applyObservations(job, 0, source, grid([551], 6))));
      expect(results.filter((r) => r.applied)).toHaveLength(1);
      expect(results.every((r) => r.accepted === 6)).toBe(true);
      expect(await s.countObservations(source)).toBe(6);
    });

    test("observations: malformed batches fail with named errors and claim nothing", async () => {
      const job = uid("job");
      const source = uid("src");
      const dup: ObservationColumns = { regionId: Int32Array.of(601, 601), day: Int32Array.of(DAY0, DAY0), cumCases: Float64Array.of(1, 2) };
      await expect(s.applyObservations(job, 0, source, dup)).rejects.toBeInstanceOf(DuplicateKeyInBatchError);
      const short: ObservationColumns = { regionId: Int32Array.of(601, 602), day: Int32Array.of(DAY0), cumCases: Float64Array.of(1, 2) };
      await expect(s.applyObservations(job, 0, source, short)).rejects.toBeInstanceOf(InvalidBatchError);
      const inf: ObservationColumns = { regionId: Int32Array.of(601), day: Int32Array.of(DAY0), cumCases: Float64Array.of(Infinity) };
      await expect(s.applyObservations(job, 0, source, inf)).rejects.toBeInstanceOf(InvalidBatchError);
      const none: ObservationColumns = { regionId: Int32Array.of(601), day: Int32Array.of(DAY0) };
      await expect(s.applyObservations(job, 0, source, none)).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.applyObservations(job, -1, source, grid([601], 1))).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.applyObservations(job, 0, "", grid([601], 1))).rejects.toBeInstanceOf(InvalidBatchError);
      // The failed duplicate batch rolled back its claim: the corrected message still applies.
      expect(await s.countObservations(source)).toBe(0);
      const fixed = await s.applyObservations(job, 0, source, { ...dup, day: Int32Array.of(DAY0, DAY0 + 1) });
      expect(fixed).toMatchObject({ applied: true, accepted: 2 });
    });

    test("observations: a day outside the date window is refused; dropped rows are quarantined with the batch", async () => {
      const job = uid("job");
      const source = uid("src");
      const early: ObservationColumns = { regionId: Int32Array.of(701), day: Int32Array.of(-719162), cumCases: Float64Array.of(1) };
      await expect(s.applyObservations(job, 0, source, early)).rejects.toThrow(/outside the date window/);
      const dropped = [{ source, jobId: job, line: 2, raw: '{"cumCases":"Infinity"}', reason: "dropped before storage: out-of-range value" }];
      const r = await s.applyObservations(job, 0, source, grid([701], 2), dropped);
      expect(r).toMatchObject({ applied: true, accepted: 2, rejected: 1 });
      expect((await s.listQuarantine(job)).map((q) => [q.line, q.reason])).toEqual([[2, dropped[0].reason]]);
      // A redelivery writes neither the rows nor the quarantine again.
      expect(await s.applyObservations(job, 0, source, grid([701], 2), dropped)).toMatchObject({ applied: false, rejected: 1 });
      expect(await s.listQuarantine(job)).toHaveLength(1);
    });

    test("an empty observation batch is recorded with zero counts", async () => {
      const job = uid("job");
      const empty: ObservationColumns = { regionId: new Int32Array(0), day: new Int32Array(0), cumCases: new Float64Array(0) };
      expect(await s.applyObservations(job, 0, uid("src"), empty)).toMatchObject({ applied: true, accepted: 0, unchanged: 0 });
      expect((await s.jobSummary(job))?.batchesDone).toBe(1);
    });

    test("quarantine rows are stored with line, raw and reason", async () => {
      const job = uid("job");
      const source = uid("src");
      const rows = [
        { source, jobId: job, line: 7, raw: 'a,b,"c, d"', reason: "bad date" },
        { source, jobId: job, line: 3, raw: "x\u0000y", reason: "unknown region" },
      ];
      expect(await s.applyQuarantine(job, 0, rows)).toMatchObject({ applied: true, rejected: 2 });
      expect((await s.applyQuarantine(job, 0, rows)).applied).toBe(false);
      expect(await s.listQuarantine(job)).toEqual([
        { ...rows[1], raw: "x\ufffdy" }, // Postgres text cannot hold NUL
        rows[0],
      ]);
      await expect(s.applyQuarantine(job, 1, [{ ...rows[0], jobId: "other" }])).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.applyQuarantine(job, 1, [{ ...rows[0], line: 0 }])).rejects.toBeInstanceOf(InvalidBatchError);
      expect(await s.listQuarantine(uid("job"))).toEqual([]);
    });

    test("a job completes exactly once, after its manifest and every batch", async () => {
      const job = uid("job");
      const source = uid("src");
      const manifest: JobManifest = {
        jobId: job,
        source,
        batches: 3,
        rowsRead: 12,
        bytesRead: 3_000_000_000,
        startedAt: "2024-05-01T10:00:00.000Z",
        rowsSkipped: 7,
      };
      await s.applyRegions(job, 0, [region(700_001)]);
      expect(await s.completeJobIfDone(job)).toBeNull(); // no manifest yet
      await s.recordManifest(manifest);
      await s.recordManifest(manifest);
      await s.applyObservations(job, 1, source, grid([701, 702], 5));
      expect(await s.completeJobIfDone(job)).toBeNull(); // 2 of 3 batches
      await s.applyQuarantine(job, 2, [{ source, jobId: job, line: 2, raw: "?", reason: "bad" }]);

      const results = await Promise.all([s.completeJobIfDone(job), s.completeJobIfDone(job)]);
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      const summary = winners[0]!;
      expect(summary).toMatchObject({
        jobId: job,
        source,
        state: "done",
        batchesDone: 3,
        batchesExpected: 3,
        rowsRead: 12,
        bytesRead: 3_000_000_000,
        skipped: 7,
        startedAt: "2024-05-01T10:00:00.000Z",
        error: null,
        accepted: 10,
        unchanged: 0,
        revised: 0,
        rejected: 1,
        regions: 1,
      });
      expect(summary.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await s.completeJobIfDone(job)).toBeNull();
      expect(await s.jobSummary(job)).toEqual(summary);
      expect(await s.jobSummary(uid("missing"))).toBeNull();
    });

    test("a failed manifest finishes the job as failed; bad manifests are rejected", async () => {
      const job = uid("job");
      const source = uid("src");
      await s.recordManifest({ jobId: job, source, batches: 0, rowsRead: 0, bytesRead: 0, startedAt: new Date().toISOString(), error: "unreadable file" });
      expect(await s.completeJobIfDone(job)).toMatchObject({ state: "failed", error: "unreadable file", batchesDone: 0 });
      const bad = { jobId: uid("job"), source, batches: -1, rowsRead: 0, bytesRead: 0, startedAt: "2024-01-01T00:00:00Z" };
      await expect(s.recordManifest(bad)).rejects.toBeInstanceOf(InvalidManifestError);
      await expect(s.recordManifest({ ...bad, batches: 1, startedAt: "yesterday" })).rejects.toBeInstanceOf(InvalidManifestError);
    });

    test("a finished job is owed its event (outbox) until marked announced", async () => {
      const job = uid("job");
      const source = uid("src");
      const owed = async () => (await s.unannouncedJobs(10_000)).filter((j) => j.jobId === job);
      await s.recordManifest({ jobId: job, source, batches: 0, rowsRead: 0, bytesRead: 0, startedAt: new Date().toISOString() });
      expect(await owed()).toEqual([]); // not finished yet: nothing owed
      const done = await s.completeJobIfDone(job);
      expect(await owed()).toEqual([done!]);
      await s.markJobAnnounced(job);
      await s.markJobAnnounced(job);
      expect(await owed()).toEqual([]);
    });

    test("failJob ends an unfinished job once, as failed with its reason; a finished job keeps its end", async () => {
      const job = uid("job");
      const source = uid("src");
      await s.applyRegions(job, 0, [region(700_002)]);
      const failed = await s.failJob(job, source, "storage_rejected");
      expect(failed).toMatchObject({ jobId: job, source, state: "failed", error: "storage_rejected", batchesDone: 1 });
      expect(failed!.finishedAt).not.toBeNull();
      expect(await s.failJob(job, source, "again")).toBeNull();
      // The manifest arriving later cannot turn it into done.
      await s.recordManifest({ jobId: job, source, batches: 1, rowsRead: 1, bytesRead: 1, startedAt: new Date().toISOString() });
      expect(await s.completeJobIfDone(job)).toBeNull();
      expect(await s.jobSummary(job)).toMatchObject({ state: "failed", error: "storage_rejected" });
      expect((await s.unannouncedJobs(10_000)).filter((j) => j.jobId === job)).toHaveLength(1);
      // A job no batch of which was stored yet is created failed.
      const unseen = uid("job");
      expect(await s.failJob(unseen, source, "x")).toMatchObject({ jobId: unseen, source, state: "failed", batchesDone: 0 });
      // A done job stays done.
      const ok = uid("job");
      await s.recordManifest({ jobId: ok, source, batches: 0, rowsRead: 0, bytesRead: 0, startedAt: new Date().toISOString() });
      await s.completeJobIfDone(ok);
      expect(await s.failJob(ok, source, "late")).toBeNull();
      expect(await s.jobSummary(ok)).toMatchObject({ state: "done", error: null });
    });

    test("loadObservationSeries returns sorted columns matching what was stored", async () => {
      const source = uid("src");
      const cols = grid([903, 901, 902], 4);
      cols.cumCases[5] = NaN; // (901, DAY0+1)
      // Shuffle rows so the order of arrival differs from the sorted result.
      const n = cols.regionId.length;
      const order = Array.from({ length: n }, (_, i) => (i * 7) % n);
      const shuffled: ObservationColumns = {
        regionId: Int32Array.from(order, (i) => cols.regionId[i]),
        day: Int32Array.from(order, (i) => cols.day[i]),
        cumCases: Float64Array.from(order, (i) => cols.cumCases[i]),
        cumDeaths: Float64Array.from(order, (i) => cols.cumDeaths[i]),
      };
      await s.applyObservations(uid("job"), 0, source, shuffled);
      await s.applyObservations(uid("job"), 0, uid("other"), grid([900], 2));

      const series = await s.loadObservationSeries(source);
      expect(Array.from(series.regionId)).toEqual([901, 901, 901, 901, 902, 902, 902, 902, 903, 903, 903, 903]);
      expect(Array.from(series.day)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3].map((d) => DAY0 + d));
      expect(Array.from(series.cumCases)).toEqual([90_100, NaN, 90_102, 90_103, 90_200, 90_201, 90_202, 90_203, 90_300, 90_301, 90_302, 90_303]);
      expect(series.cumDeaths[6]).toBeCloseTo(902.2, 12);
      expect(series.cumDeaths).toBeInstanceOf(Float64Array);
      const none = await s.loadObservationSeries(uid("nothing"));
      expect(none.regionId.length).toBe(0);
    });
  });
}
