// Device pings through the mesh into Postgres: k-anonymity (k−1 devices → nothing reported,
// k → reported), hourly vs daily distinct counts, and no coordinate or device id anywhere in
// the database.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectTestMesh, deleteContractStreams, uniqueContract, waitFor } from "../../mesh/testSupport.ts";
import { ensureStreams, request, MeshRemoteError, type Mesh } from "../../mesh/mod.ts";
import { messages, type ActivityAnswer, type DevicePing } from "../../domain/mod.ts";
import type { Storage, RegionRecord } from "../../sql/mod.ts";
import { createTestDatabase, testWithPostgres, type TestDatabase } from "../../sql/testDatabase.ts";
import { startSocialActivityWorker, type SocialActivityWorker } from "./main.ts";

const K = 3;
const HOUR = 3_600_000;
const NYC = 84036061; // New York County (Manhattan)
// Distinctive coordinates inside Manhattan / Brooklyn, unlike any registry centroid.
const MANHATTAN = { lat: 40.7581234, lon: -73.9855678 };
const BROOKLYN = { lat: 40.6501234, lon: -73.9495678 };
const region = (id: number, name: string, fips: string, lat: number, lon: number): RegionRecord => ({
  id, name, level: "county", parentId: null, fips, iso2: "US", iso3: "USA", lat, lon, population: 1_000_000,
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
async function counts(regionId = NYC): Promise<ActivityAnswer> {
  const q = { regionId, from: new Date(h0 - 24 * HOUR).toISOString(), to: new Date(h0 + 24 * HOUR).toISOString() };
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

  test("daily counts are distinct devices over the day, not the sum of its hours", async () => {
    // Hour 1: a (seen in hour 0 too), d, e. Hour 2: f, g only (below k).
    await send([ping("a", 1), ping("d", 1), ping("e", 1), ping("f", 2), ping("g", 2)]);
    await settled();
    const a = await counts();
    expect(a.hourly).toEqual([{ hour: iso(0), devices: 3 }, { hour: iso(1), devices: 3 }]);
    expect(a.daily).toEqual([{ day: iso(0).slice(0, 10), devices: 7 }]); // a…g, not 3 + 3 + 2
  });

  test("pings are placed by boundary: Brooklyn pings count for Kings County, not Manhattan", async () => {
    await send([ping("x", 3, BROOKLYN), ping("y", 3, BROOKLYN), ping("z", 3, BROOKLYN)]);
    await settled();
    expect((await counts(84036047)).hourly).toEqual([{ hour: iso(3), devices: 3 }]);
    expect((await counts()).hourly.some((h) => h.hour === iso(3))).toBe(false);
  });

  test("pings far from any region, or dated in the future, are counted and dropped", async () => {
    const sea = { deviceId: "secret-device-s", lat: 30.5123457, lon: -40.5123457, time: at(0) };
    const future = { ...ping("t", 0), time: new Date(Date.now() + 3 * HOUR).toISOString() };
    expect(await send([sea, future, ping("a", 0)])).toEqual({ received: 3, accepted: 1, unlocated: 1, rejected: 1 });
  });

  test("an inverted range is a 400 from the worker", async () => {
    const q = { regionId: NYC, from: iso(2), to: iso(1) };
    const err = await request(mesh, mesh.contract.subjects.activityQuery, messages.activityQuery, q, messages.activityAnswer, { timeoutMs: 5000 }).catch((e) => e);
    expect(err).toBeInstanceOf(MeshRemoteError);
    expect(err.status).toBe(400);
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
