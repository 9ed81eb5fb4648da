import { afterAll, beforeAll, expect, test } from "bun:test";
import postgres from "postgres";
import { defineStorageContract } from "../contract.ts";
import { defineActivityContract } from "../contractActivity.ts";
import { defineBulkContract } from "../contractBulk.ts";
import { defineRiskContract } from "../contractRisk.ts";
import { defineWeeklyContract } from "../contractWeekly.ts";
import { StorageUnavailableError } from "../errors.ts";
import { createTempDatabase, type TempDatabase } from "../testSupport.ts";
import { describeWithPostgres } from "../testSupport.ts";
import { createPostgresStorage } from "./postgresJs.ts";
import { MIGRATIONS_FOLDER } from "../migrate.ts";
import { join } from "node:path";

/** Every migration in the journal, applied once. */
const MIGRATIONS: number = (await Bun.file(join(MIGRATIONS_FOLDER, "meta/_journal.json")).json()).entries.length;

// The contract and the migration lock on a real Postgres; skipped only on a run without one.
describeWithPostgres("postgres.js driver", () => {
  let contractDb: TempDatabase;
  beforeAll(async () => {
    contractDb = await createTempDatabase();
  });
  afterAll(async () => {
    await contractDb?.drop();
  });

  defineStorageContract("postgres.js", () => createPostgresStorage(contractDb.url));
  defineActivityContract("postgres.js", () => createPostgresStorage(contractDb.url));
  defineBulkContract("postgres.js", () => createPostgresStorage(contractDb.url));
  defineRiskContract("postgres.js", () => createPostgresStorage(contractDb.url));
  defineWeeklyContract("postgres.js", () => createPostgresStorage(contractDb.url));

  test("two instances migrating a fresh database at once both succeed; the schema exists once", async () => {
    const db = await createTempDatabase();
    const a = createPostgresStorage(db.url);
    const b = createPostgresStorage(db.url);
    const check = postgres(db.url, { max: 1 });
    try {
      await Promise.all([a.migrate(), b.migrate()]);
      const [{ n }] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(n).toBe(MIGRATIONS);
      const tables = await check`
        select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
      expect(tables.map((t) => t.table_name)).toEqual([
        "cluster_assignments",
        "cluster_runs",
        "device_presence",
        "forecasts",
        "ingest_batches",
        "ingest_runs",
        "observation_series",
        "observations",
        "quarantined_rows",
        "regions",
        "risk_snapshots",
        "social_activity",
        "source_validators",
        "weekly_series",
        "weekly_values",
      ]);
      // And the lock was released: a third run is an immediate no-op.
      await a.migrate();
      const [{ n: after }] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(after).toBe(MIGRATIONS);
    } finally {
      await check.end();
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});

test("an unreachable server gives StorageUnavailableError", async () => {
  const s = createPostgresStorage("postgres://postgres@127.0.0.1:1/none", { connectTimeoutSeconds: 2 });
  try {
    await expect(s.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
  } finally {
    await s.close();
  }
});
