import { afterAll, beforeAll, expect, test } from "bun:test";
import postgres from "postgres";
import { defineStorageContract } from "../contract.ts";
import { StorageUnavailableError } from "../errors.ts";
import { createTempDatabase, type TempDatabase } from "../tempDatabase.ts";
import { createPostgresStorage } from "./postgresJs.ts";

let contractDb: TempDatabase;
beforeAll(async () => {
  contractDb = await createTempDatabase();
});
afterAll(async () => {
  await contractDb?.drop();
});

defineStorageContract("postgres.js", () => createPostgresStorage(contractDb.url));

test("two instances migrating a fresh database at once both succeed; the schema exists once", async () => {
  const db = await createTempDatabase();
  const a = createPostgresStorage(db.url);
  const b = createPostgresStorage(db.url);
  const check = postgres(db.url, { max: 1 });
  try {
    await Promise.all([a.migrate(), b.migrate()]);
    const [{ n }] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(n).toBe(1);
    const tables = await check`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
    expect(tables.map((t) => t.table_name)).toEqual(["ingest_batches", "ingest_runs", "observations", "quarantined_rows", "regions"]);
    // And the lock was released: a third run is an immediate no-op.
    await a.migrate();
    const [{ n: after }] = await check`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(after).toBe(1);
  } finally {
    await check.end();
    await a.close();
    await b.close();
    await db.drop();
  }
});

test("an unreachable server gives StorageUnavailableError", async () => {
  const s = createPostgresStorage("postgres://postgres@127.0.0.1:1/none", { connectTimeoutSeconds: 2 });
  try {
    await expect(s.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
  } finally {
    await s.close();
  }
});
