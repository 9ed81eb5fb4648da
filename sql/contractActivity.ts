// Storage contract, part 2: social activity (mobility), device presence and HTTP validators.
// Run against every driver beside the main contract (postgresJs.test.ts, pglite.test.ts).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { DuplicateKeyInBatchError, InvalidBatchError } from "./errors.ts";
import { DAY0, uid } from "./contractFixtures.ts";
import type { DevicePresenceRecord, MobilityColumns, Storage } from "./types.ts";

function mobility(regionIds: number[], days: number): Required<MobilityColumns> {
  const n = regionIds.length * days;
  const col = (f: (r: number, d: number) => number) => Float64Array.from({ length: n }, (_, i) => f(regionIds[Math.floor(i / days)], i % days));
  return {
    regionId: Int32Array.from({ length: n }, (_, i) => regionIds[Math.floor(i / days)]),
    day: Int32Array.from({ length: n }, (_, i) => DAY0 + (i % days)),
    retailAndRecreation: col((r, d) => -r - d),
    groceryAndPharmacy: col((_, d) => d),
    parks: col(() => 12.5),
    transitStations: col(() => -40),
    workplaces: col(() => -30),
    residential: col(() => 9),
    awayFromHome: col(() => NaN),
  };
}

export function defineActivityContract(name: string, makeStorage: () => Promise<Storage> | Storage): void {
  describe(`Storage contract (activity): ${name}`, () => {
    let s: Storage;

    beforeAll(async () => {
      s = await makeStorage();
      await s.migrate();
    });
    afterAll(async () => {
      await s?.close();
    });

    test("mobility: insert, unchanged rows are not written, revisions counted, NaN never erases", async () => {
      const job = uid("job");
      const source = uid("mob");
      const cols = mobility([11, 12], 3);
      expect(await s.applyMobility(job, 0, source, cols)).toEqual({
        applied: true,
        accepted: 6,
        unchanged: 0,
        revised: 0,
        rejected: 0,
        regions: 0,
      });
      expect(await s.applyMobility(job, 1, source, cols)).toMatchObject({ applied: true, accepted: 0, unchanged: 6 });
      expect(await s.getMobility(12, source, DAY0 + 2)).toEqual({
        retailAndRecreation: -14,
        groceryAndPharmacy: 2,
        parks: 12.5,
        transitStations: -40,
        workplaces: -30,
        residential: 9,
        awayFromHome: null,
        revision: 0,
      });
      // Revise one value; another batch carries only awayFromHome (an OI-style column) and NaN parks.
      cols.parks[4] = 13; // (12, DAY0+1)
      expect(await s.applyMobility(job, 2, source, cols)).toMatchObject({ accepted: 1, revised: 1, unchanged: 5 });
      const partial: MobilityColumns = {
        regionId: Int32Array.of(12, 13),
        day: Int32Array.of(DAY0 + 1, DAY0),
        parks: Float64Array.of(NaN, 1),
        awayFromHome: Float64Array.of(-5.5, NaN),
      };
      expect(await s.applyMobility(job, 3, source, partial)).toMatchObject({ accepted: 2, revised: 1, unchanged: 0 });
      expect(await s.getMobility(12, source, DAY0 + 1)).toMatchObject({ parks: 13, awayFromHome: -5.5, residential: 9, revision: 2 });
      expect(await s.getMobility(13, source, DAY0)).toMatchObject({ parks: 1, residential: null, revision: 0 });
      expect(await s.countMobility(source)).toBe(7);
      // Exactly once per (job, seq).
      expect(await s.applyMobility(job, 3, source, mobility([99], 2))).toMatchObject({ applied: false, accepted: 2 });
      expect(await s.countMobility(source)).toBe(7);
      // Kept per source: the same region-day from another publisher is a separate row.
      const other = uid("mob");
      await s.applyMobility(uid("job"), 0, other, mobility([11], 1));
      expect(await s.countMobility(source)).toBe(7);
      expect(await s.countMobility(other)).toBe(1);
      expect(await s.getObservation(11, source, DAY0)).toBeNull(); // not an observation
    });

    test("mobility: malformed batches fail with named errors and claim nothing", async () => {
      const job = uid("job");
      const source = uid("mob");
      const dup: MobilityColumns = { regionId: Int32Array.of(1, 1), day: Int32Array.of(DAY0, DAY0), parks: Float64Array.of(1, 2) };
      await expect(s.applyMobility(job, 0, source, dup)).rejects.toBeInstanceOf(DuplicateKeyInBatchError);
      const none: MobilityColumns = { regionId: Int32Array.of(1), day: Int32Array.of(DAY0) };
      await expect(s.applyMobility(job, 0, source, none)).rejects.toBeInstanceOf(InvalidBatchError);
      const inf: MobilityColumns = { regionId: Int32Array.of(1), day: Int32Array.of(DAY0), parks: Float64Array.of(-Infinity) };
      await expect(s.applyMobility(job, 0, source, inf)).rejects.toBeInstanceOf(InvalidBatchError);
      const short: MobilityColumns = { regionId: Int32Array.of(1, 2), day: Int32Array.of(DAY0, DAY0), parks: Float64Array.of(1) };
      await expect(s.applyMobility(job, 0, source, short)).rejects.toBeInstanceOf(InvalidBatchError);
      expect((await s.jobSummary(job))?.batchesDone ?? 0).toBe(0);
    });

    test("loadMobilitySeries returns sorted columns, NaN for unpublished values", async () => {
      const source = uid("mob");
      const cols = mobility([32, 31], 3);
      await s.applyMobility(uid("job"), 0, source, cols);
      const series = await s.loadMobilitySeries(source);
      expect(Array.from(series.regionId)).toEqual([31, 31, 31, 32, 32, 32]);
      expect(Array.from(series.day)).toEqual([0, 1, 2, 0, 1, 2].map((d) => DAY0 + d));
      expect(Array.from(series.retailAndRecreation)).toEqual([-31, -32, -33, -32, -33, -34]);
      expect(Number.isNaN(series.awayFromHome[0])).toBe(true);
      expect(series.residential).toBeInstanceOf(Float64Array);
      expect((await s.loadMobilitySeries(uid("none"))).day.length).toBe(0);
    });

    test("device presence: once per (job, seq), duplicates ignored, k threshold per hour and distinct per day", async () => {
      const region = 800_000_000 + Math.floor(Math.random() * 1_000_000);
      const rows: DevicePresenceRecord[] = [];
      // 10:00 → 3 devices, 11:xx → 2 devices (one seen at 10:00 too), next day 09:00 → 1 device.
      for (const d of ["a", "b", "c"]) rows.push({ regionId: region, hour: "2024-05-01T10:00:00Z", deviceHash: d });
      rows.push({ regionId: region, hour: "2024-05-01T11:59:59.999Z", deviceHash: "a" });
      rows.push({ regionId: region, hour: "2024-05-01T11:05:00+00:00", deviceHash: "d" });
      rows.push({ regionId: region, hour: "2024-05-01T11:30:00Z", deviceHash: "d" }); // same hour, same device
      rows.push({ regionId: region, hour: "2024-05-02T09:00:00Z", deviceHash: "a" });
      rows.push({ regionId: region + 1, hour: "2024-05-01T10:00:00Z", deviceHash: "z" });
      const job = uid("job");
      expect(await s.recordDevicePresence(job, 0, rows)).toMatchObject({ applied: true, accepted: 7, unchanged: 1 });
      expect(await s.recordDevicePresence(job, 0, rows)).toMatchObject({ applied: false, accepted: 7 });
      expect(await s.recordDevicePresence(job, 1, rows.slice(0, 2))).toMatchObject({ applied: true, accepted: 0, unchanged: 2 });

      const all = await s.deviceActivity(region, "2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z", 1);
      expect(all).toEqual({
        hourly: [
          { hour: "2024-05-01T10:00:00.000Z", devices: 3 },
          { hour: "2024-05-01T11:00:00.000Z", devices: 2 },
          { hour: "2024-05-02T09:00:00.000Z", devices: 1 },
        ],
        daily: [
          { day: "2024-05-01", devices: 4 }, // a, b, c, d: not 3 + 2
          { day: "2024-05-02", devices: 1 },
        ],
      });
      // k = 3: only 10:00 is reported, and 05-01 is not: its 4 devices minus the 3 of 10:00
      // would single out d, seen only at 11:00 (complementary suppression).
      expect(await s.deviceActivity(region, "2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z", 3)).toEqual({
        hourly: [{ hour: "2024-05-01T10:00:00.000Z", devices: 3 }],
        daily: [],
      });
      // The window is [from, to) on hours.
      expect((await s.deviceActivity(region, "2024-05-01T11:00:00Z", "2024-05-02T09:00:00Z", 1)).hourly).toEqual([{ hour: "2024-05-01T11:00:00.000Z", devices: 2 }]);
    });

    test("device presence: differencing a day and its hours reveals no group below k", async () => {
      const region = 810_000_000 + Math.floor(Math.random() * 1_000_000);
      const at = (hour: string, devices: string[]) => devices.map((d) => ({ regionId: region, hour, deviceHash: d }));
      const ten = Array.from({ length: 10 }, (_, i) => `v${i}`);
      // 10 devices at 10:00 (reported with k = 10), 3 others at 11:00 (not reported).
      await s.recordDevicePresence(uid("job"), 0, [...at("2024-05-01T10:00:00Z", ten), ...at("2024-05-01T11:00:00Z", ["x", "y", "z"])]);
      const day = ["2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"] as const;
      // The day (13) minus 10:00 (10) would expose the 3 at 11:00: the day is left out.
      expect(await s.deviceActivity(region, ...day, 10)).toEqual({ hourly: [{ hour: "2024-05-01T10:00:00.000Z", devices: 10 }], daily: [] });
      // 7 more devices seen only at other unreported hours: 10 devices now hide in them, so the day is reported.
      await s.recordDevicePresence(uid("job"), 0, at("2024-05-01T15:00:00Z", ["p", "q", "r", "s", "t", "u", "w"]));
      expect(await s.deviceActivity(region, ...day, 10)).toEqual({ hourly: [{ hour: "2024-05-01T10:00:00.000Z", devices: 10 }], daily: [{ day: "2024-05-01", devices: 20 }] });
    });

    test("device presence: retention deletes hours before the cutoff and nothing after", async () => {
      const region = 820_000_000 + Math.floor(Math.random() * 1_000_000);
      await s.recordDevicePresence(uid("job"), 0, [
        { regionId: region, hour: "2020-01-01T09:00:00Z", deviceHash: "old" },
        { regionId: region, hour: "2020-01-02T00:00:00Z", deviceHash: "kept" },
      ]);
      expect(await s.deleteDevicePresenceBefore("2020-01-02T00:00:00Z")).toBeGreaterThanOrEqual(1);
      expect((await s.deviceActivity(region, "2020-01-01T00:00:00Z", "2020-01-03T00:00:00Z", 1)).hourly).toEqual([{ hour: "2020-01-02T00:00:00.000Z", devices: 1 }]);
      await expect(s.deleteDevicePresenceBefore("whenever")).rejects.toBeInstanceOf(InvalidBatchError);
    });

    test("device presence and activity queries reject bad input with named errors", async () => {
      const job = uid("job");
      const ok = { regionId: 1, hour: "2024-05-01T10:00:00Z", deviceHash: "x" };
      await expect(s.recordDevicePresence(job, 0, [{ ...ok, hour: "yesterday" }])).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.recordDevicePresence(job, 0, [{ ...ok, deviceHash: "" }])).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.recordDevicePresence(job, 0, [{ ...ok, deviceHash: "x".repeat(129) }])).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.recordDevicePresence(job, 0, [{ ...ok, regionId: 1.5 }])).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.deviceActivity(1, "2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z", 0)).rejects.toBeInstanceOf(InvalidBatchError);
      await expect(s.deviceActivity(1, "then", "2024-05-02T00:00:00Z", 10)).rejects.toBeInstanceOf(InvalidBatchError);
      expect(await s.jobSummary(job)).toBeNull();
    });

    test("source validators: saved per URL, replaced, absent for unknown URLs", async () => {
      const url = `https://example.test/${uid("file")}.csv`;
      expect(await s.getSourceValidators(url)).toBeNull();
      await s.saveSourceValidators(url, { etag: '"abc"', lastModified: "Wed, 21 Oct 2015 07:28:00 GMT" });
      expect(await s.getSourceValidators(url)).toEqual({ etag: '"abc"', lastModified: "Wed, 21 Oct 2015 07:28:00 GMT" });
      await s.saveSourceValidators(url, { etag: null, lastModified: "Thu, 22 Oct 2015 07:28:00 GMT" });
      expect(await s.getSourceValidators(url)).toEqual({ etag: null, lastModified: "Thu, 22 Oct 2015 07:28:00 GMT" });
      await expect(s.saveSourceValidators("", { etag: null, lastModified: null })).rejects.toBeInstanceOf(InvalidBatchError);
    });

    test("a job's fetched validators become current only when the job finishes done", async () => {
      const url = `https://example.test/${uid("file")}.csv`;
      const manifest = (jobId: string, etag: string, error?: string) => ({
        jobId,
        source: "nyt-us-states",
        batches: 0,
        rowsRead: 0,
        bytesRead: 0,
        startedAt: new Date().toISOString(),
        fetched: { url, etag, lastModified: null },
        ...(error ? { error } : {}),
      });
      const failed = uid("job");
      await s.recordManifest(manifest(failed, '"v1"', "SourceFetchError: cut short"));
      expect(await s.completeJobIfDone(failed)).toMatchObject({ state: "failed" });
      expect(await s.getSourceValidators(url)).toBeNull();
      const done = uid("job");
      await s.recordManifest({ ...manifest(done, '"v2"'), batches: 1 });
      expect(await s.getSourceValidators(url)).toBeNull(); // its batch is not stored yet
      await s.applyMobility(done, 0, uid("mob"), { regionId: Int32Array.of(1), day: Int32Array.of(DAY0), parks: Float64Array.of(1) });
      expect(await s.completeJobIfDone(done)).toMatchObject({ state: "done" });
      expect(await s.getSourceValidators(url)).toEqual({ etag: '"v2"', lastModified: null });
    });
  });
}
