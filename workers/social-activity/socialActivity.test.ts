// Device pings through the mesh into Postgres: k-anonymity (k−1 devices → nothing reported,
// k → reported), hourly vs daily distinct counts, complementary suppression of days, whole-day
// windows, retention, the salt kept out of NATS KV, and no coordinate or device id anywhere in
// the database.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract, waitFor } from "../../mesh/testSupport.ts";
import { ensureStreams, openBucket, request, MeshRemoteError, type Mesh } from "../../mesh/mod.ts";
import { messages, type ActivityAnswer, type DevicePing } from "../../domain/mod.ts";
import type { Storage, RegionRecord } from "../../sql/mod.ts";
import { createTestDatabase, testWithPostgres, type TestDatabase } from "../../sql/testSupport.ts";
import { LEGACY_SALT_KEY, startSocialActivityWorker, type SocialActivityWorker } from "./main.ts";

const K = 3;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const NYC = 84036061; // New York County (Manhattan)
// Distinctive coordinates inside Manhattan / Brooklyn, unlike any registry centroid.
const MANHATTAN = { lat: 40.7581234, lon: -73.9855678 };
const BROOKLYN = { lat: 40.6501234, lon: -73.9495678 };
const region = (id: number, name: string, fips: string, lat: number, lon: number): RegionRecord => ({
  id,
  name,
  level: "county",
  parentId: null,
  fips,
  iso2: "US",
  iso3: "USA",
  lat,
  lon,
  population: 1_000_000,
});

let db: TestDatabase;
let storage: Storage;
let mesh: Mesh;
let worker: SocialActivityWorker;
const h0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 18 * HOUR; // yesterday 06:00 UTC: hours 0–3 share a day
const at = (h: number, min = 10) => new Date(h0 + h * HOUR + min * 60_000).toISOString();
const iso = (h: number) => new Date(h0 + h * HOUR).toISOString();
const ping = (device: string, h: number, where = MANHATTAN): DevicePing => ({ deviceId: `secret-device-${device}`, ...where, time: at(h) });

async function send(pings: DevicePing[]) {
  return (await request(mesh, mesh.contract.subjects.activityPings, messages.activityPings, { pings }, messages.activityPingResult, { timeoutMs: 5000 })).value;
}
const day0 = Math.floor(h0 / DAY) * DAY;
/** Yesterday and today: whole UTC days. */
async function counts(regionId = NYC, from = day0, to = day0 + 2 * DAY): Promise<ActivityAnswer> {
  const q = { regionId, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  return (await request(mesh, mesh.contract.subjects.activityQuery, messages.activityQuery, q, messages.activityAnswer, { timeoutMs: 5000 })).value;
}
/** Presences are stored asynchronously (ACTIVITY work queue): wait until the pool has drained it. */
async function settled() {
  await waitFor(async () => (await mesh.jsm.streams.info(mesh.contract.streams.activity.name)).state.messages === 0, "presence batches stored");
}

beforeAll(async () => {
  db = await createTestDatabase("covidmesh_activity"); // Postgres, or PGlite on a run without one
  storage = db.open();
  await storage.migrate();
  await storage.applyRegions("regions", 0, [region(NYC, "New York", "36061", 40.7672726, -73.97152637), region(84036047, "Kings", "36047", 40.63618, -73.94936)]);
  mesh = await connectTestMesh(uniqueContract("activity"));
  await ensureStreams(mesh);
  // What earlier versions left in the shared bucket, readable by every NATS client.
  await (await openBucket(mesh, mesh.contract.kv.state)).put(LEGACY_SALT_KEY, "an-old-mesh-wide-salt-0123456789");
  worker = await startSocialActivityWorker({ mesh, storage, k: K });
});

afterAll(async () => {
  await worker?.stop();
  await deleteContractStreams(mesh);
  await mesh.close();
  await storage?.close();
  await db?.drop();
});

describe("social activity", () => {
  test("k−1 distinct devices in a region-hour are not reported; the k-th makes it reported", async () => {
    expect(await send([ping("a", 0), ping("b", 0), ping("a", 0)])).toEqual({ received: 3, accepted: 3, unlocated: 0, rejected: 0 });
    await settled();
    expect(await counts()).toMatchObject({ k: K, hourly: [], daily: [] });

    await send([ping("c", 0)]);
    await settled();
    const a = await counts();
    expect(a.hourly).toEqual([{ hour: iso(0), devices: 3 }]);
    expect(a.daily).toEqual([{ day: iso(0).slice(0, 10), devices: 3 }]);
  });

  test("a day minus its reported hours never exposes a group below k (complementary suppression)", async () => {
    // Hour 1: a (seen in hour 0 too), d, e. Hour 2: f, g only (below k, so not reported).
    await send([ping("a", 1), ping("d", 1), ping("e", 1), ping("f", 2), ping("g", 2)]);
    await settled();
    const a = await counts();
    expect(a.hourly).toEqual([
      { hour: iso(0), devices: 3 },
      { hour: iso(1), devices: 3 },
    ]);
    // Reporting the day (7 = a…g) would let anyone subtract the 5 devices of the reported
    // hours and learn that exactly 2 were there at another hour: the day is left out.
    expect(a.daily).toEqual([]);
  });

  test("daily counts are distinct devices over the day, not the sum of its hours", async () => {
    // A third device in hour 2 makes it reported: no device is left in unreported hours.
    await send([ping("h", 2)]);
    await settled();
    const a = await counts();
    expect(a.hourly).toEqual([
      { hour: iso(0), devices: 3 },
      { hour: iso(1), devices: 3 },
      { hour: iso(2), devices: 3 },
    ]);
    expect(a.daily).toEqual([{ day: iso(0).slice(0, 10), devices: 8 }]); // a…h, not 3 + 3 + 3
  });

  test("windows are whole UTC days: one ending at 11:00 and one at 12:00 cannot be differenced", async () => {
    const ask = (from: number, to: number) =>
      request(
        mesh,
        mesh.contract.subjects.activityQuery,
        messages.activityQuery,
        { regionId: NYC, from: new Date(from).toISOString(), to: new Date(to).toISOString() },
        messages.activityAnswer,
        { timeoutMs: 5000 },
      ).catch((e) => e);
    for (const [from, to] of [
      [day0, h0 + 5 * HOUR],
      [day0, h0 + 6 * HOUR],
      [h0, day0 + DAY],
      [day0, day0 + 32 * DAY],
    ]) {
      const err = await ask(from, to);
      expect(err).toBeInstanceOf(MeshRemoteError);
      expect(err.code).toBe("bad_range");
    }
    expect((await counts(NYC, day0, day0 + DAY)).daily).toHaveLength(1);
  });

  test("presences older than the retention period are deleted by the sweep", async () => {
    const old = Math.floor((Date.now() - 31 * DAY) / HOUR) * HOUR;
    const rows = ["p", "q", "r"].map((d) => ({ regionId: NYC, hour: new Date(old).toISOString(), deviceHash: `old-${d}` }));
    await storage.recordDevicePresence(`old-${crypto.randomUUID()}`, 0, rows);
    const oldDay = Math.floor(old / DAY) * DAY;
    expect((await storage.deviceActivity(NYC, new Date(oldDay).toISOString(), new Date(oldDay + DAY).toISOString(), 1)).hourly).toHaveLength(1);
    expect(await worker.retention.runNow()).toBeGreaterThanOrEqual(3);
    expect((await storage.deviceActivity(NYC, new Date(oldDay).toISOString(), new Date(oldDay + DAY).toISOString(), 1)).hourly).toEqual([]);
    // Yesterday's presences are kept.
    expect((await counts()).hourly.length).toBeGreaterThan(0);
  });

  test("the device salt is not in NATS KV: the one earlier versions shared there is purged", async () => {
    const state = await openBucket(mesh, mesh.contract.kv.state);
    expect((await state.get(LEGACY_SALT_KEY))?.operation ?? "none").not.toBe("PUT");
    const keys: string[] = [];
    for await (const k of await state.keys()) keys.push(k);
    expect(keys.some((k) => k.includes("salt"))).toBe(false);
  });

  test("pings are placed by boundary: Brooklyn pings count for Kings County, not Manhattan", async () => {
    await send([ping("x", 3, BROOKLYN), ping("y", 3, BROOKLYN), ping("z", 3, BROOKLYN)]);
    await settled();
    expect((await counts(84036047)).hourly).toEqual([{ hour: iso(3), devices: 3 }]);
    expect((await counts()).hourly.some((h) => h.hour === iso(3))).toBe(false);
  });

  test("pings far from any region, dated in the future, or older than the retention period are counted and dropped", async () => {
    const sea = { deviceId: "secret-device-s", lat: 30.5123457, lon: -40.5123457, time: at(0) };
    const future = { ...ping("t", 0), time: new Date(Date.now() + 3 * HOUR).toISOString() };
    const stale = { ...ping("u", 0), time: new Date(Date.now() - 31 * DAY).toISOString() };
    expect(await send([sea, future, stale, ping("a", 0)])).toEqual({ received: 4, accepted: 1, unlocated: 1, rejected: 2 });
  });

  test("an inverted range is bad_range from the worker", async () => {
    const q = { regionId: NYC, from: iso(2), to: iso(1) };
    const err = await request(mesh, mesh.contract.subjects.activityQuery, messages.activityQuery, q, messages.activityAnswer, { timeoutMs: 5000 }).catch((e) => e);
    expect(err).toBeInstanceOf(MeshRemoteError);
    expect(err.code).toBe("bad_range");
  });

  // Reads every table over SQL with postgres.js: Postgres only.
  testWithPostgres("no coordinate and no device id is stored anywhere in the database", async () => {
    await settled();
    const sql = (await import("postgres")).default(db.url!, { max: 1 });
    try {
      const tables = await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
      expect(tables.map((t) => t.table_name)).toContain("device_presence");
      expect((await sql`select count(*)::int as n from device_presence`)[0].n).toBeGreaterThan(0);
      for (const { table_name } of tables) {
        const rows = await sql.unsafe(`select t::text as row from "${table_name}" t`);
        const text = rows.map((r) => r.row as string).join("\n");
        for (const needle of ["40.7581234", "73.9855678", "40.6501234", "73.9495678", "30.5123457", "40.5123457", "secret-device"]) {
          expect(text.includes(needle) ? `${table_name} holds ${needle}` : "clean").toBe("clean");
        }
      }
    } finally {
      await sql.end();
    }
  });
});
