// Worker errors through the real path (worker handler → mesh request/reply → gateway): a storage
// failure reaches the client as a code and a fixed text, never the SQLSTATE or the driver's
// message, which stay in the worker's log; an outage is a 503 to retry.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import pino from "pino";
import postgres from "postgres";
import { ERROR_CODES } from "../domain/mod.ts";
import { deleteContractBuckets, ensureStreams, type Mesh } from "../mesh/mod.ts";
import { connectTestMesh, deleteContractStreams, uniqueContract } from "../mesh/testSupport.ts";
import { createPostgresStorage, type Storage } from "../sql/mod.ts";
import { createTestDatabase, testWithPostgres, type TestDatabase } from "../sql/testSupport.ts";
import { startSocialActivityWorker, type SocialActivityWorker } from "../workers/social-activity/main.ts";
import { createMeshPort, type RealMeshPort } from "./meshPort.ts";
import { statusOfCode } from "./errors.ts";
import { expectProblem, testApp } from "./testSupport.ts";

const NYC = 84036061;
const RANGE = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";

let db: TestDatabase;
let storage: Storage;
let mesh: Mesh;
let port: RealMeshPort;
const workers: SocialActivityWorker[] = [];
const workerLog: string[] = [];

/** A social-activity worker whose activity query goes to `deviceActivity`, on its own subjects. */
async function worker(deviceActivity: Storage["deviceActivity"]): Promise<void> {
  const logger = pino({ level: "error" }, { write: (line: string) => workerLog.push(line) });
  workers.push(
    await startSocialActivityWorker({
      mesh,
      storage: {
        listRegions: () => storage.listRegions(),
        recordDevicePresence: (...a) => storage.recordDevicePresence(...a),
        deleteDevicePresenceBefore: (...a) => storage.deleteDevicePresenceBefore(...a),
        deviceActivity,
      },
      k: 2,
      logger,
    }),
  );
}

beforeAll(async () => {
  db = await createTestDatabase("covidmesh_errors"); // Postgres, or PGlite on a run without one
  storage = db.open();
  await storage.migrate();
  await storage.applyRegions("regions", 0, [
    { id: NYC, name: "New York", level: "county", parentId: null, fips: "36061", iso2: "US", iso3: "USA", lat: 40.77, lon: -73.97, population: 1_628_706 },
  ]);
  mesh = await connectTestMesh(uniqueContract("errors"));
  await ensureStreams(mesh);
  port = createMeshPort(mesh);
});

afterAll(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await port?.close();
  if (mesh) {
    await deleteContractStreams(mesh);
    await deleteContractBuckets(mesh);
    await mesh.close();
  }
  await storage?.close();
  await db?.drop();
});

describe("a storage error seen by a client", () => {
  // Needs raw SQL on the test's database to make the real driver fail: Postgres only.
  testWithPostgres("a query the database refuses: 502 internal, no SQLSTATE or driver text; the worker logs it", async () => {
    // The table is gone (SQLSTATE 42P01): the real driver's error, through sql/'s guard.
    const admin = postgres(db.url!, { max: 1, onnotice: () => {} });
    await admin`alter table device_presence rename to device_presence_hidden`;
    try {
      await worker((...args) => storage.deviceActivity(...args));
      const res = await testApp(port, { requestTimeoutMs: 10_000 }).request(`/v1/regions/${NYC}/activity?${RANGE}`);
      const body = await expectProblem(res, 502);
      expect(body.code).toBe("internal");
      expect(body.detail).toBe("internal error while handling the request");
      const text = JSON.stringify(body);
      for (const secret of ["SQLSTATE", "42P01", "deviceActivity", "device_presence", "does not exist"]) expect(text).not.toContain(secret);
      expect(workerLog.join("\n")).toContain("SQLSTATE 42P01");
    } finally {
      for (const w of workers.splice(0)) await w.stop();
      await admin`alter table device_presence_hidden rename to device_presence`;
      await admin.end();
    }
  });

  test("an unreachable database: 503 storage_unavailable with Retry-After, and no address", async () => {
    const down = createPostgresStorage("postgres://postgres@127.0.0.1:1/none", { connectTimeoutSeconds: 2 });
    try {
      await worker((...args) => down.deviceActivity(...args));
      const res = await testApp(port, { requestTimeoutMs: 10_000 }).request(`/v1/regions/${NYC}/activity?${RANGE}`);
      const body = await expectProblem(res, 503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(body.code).toBe("storage_unavailable");
      expect(body.detail).toBe("the database cannot be reached; try again shortly");
      expect(JSON.stringify(body)).not.toContain("127.0.0.1");
    } finally {
      for (const w of workers.splice(0)) await w.stop();
      await down.close();
    }
  });
});

test("every error code has a status, and an unknown code is a 502", () => {
  for (const code of Object.keys(ERROR_CODES)) expect([400, 404, 502, 503]).toContain(statusOfCode(code));
  expect(statusOfCode("storage_unavailable")).toBe(503);
  expect(statusOfCode("unknown_region")).toBe(404);
  expect(statusOfCode("from_a_newer_worker")).toBe(502);
});
