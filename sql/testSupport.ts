// Databases for tests and benchmarks on whatever the run has (testenv/preload.ts decides):
// throwaway Postgres databases (unique name per run, dropped with FORCE afterwards), or PGlite
// when the run has no Postgres at all (TEST_POSTGRES=absent: no server answers and no Postgres
// binaries exist). Tests that only make sense on Postgres (the postgres.js driver, its
// migrations) use describeWithPostgres / testWithPostgres: skipped, with the reason in their
// name, only on such a run.
import { describe, test } from "bun:test";
import postgres from "postgres";
import { createPgliteStorage } from "./drivers/pglite.ts";
import { createPostgresStorage } from "./drivers/postgresJs.ts";
import type { Storage } from "./types.ts";

/** Connection used to create and drop databases (a database that always exists). */
export const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TempDatabase {
  name: string;
  url: string;
  /** Drops the database, terminating any connection still open on it. Idempotent. */
  drop(): Promise<void>;
}

export async function createTempDatabase(prefix = "covidmesh_t", adminUrl = ADMIN_DATABASE_URL): Promise<TempDatabase> {
  const name = `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const conn = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await conn.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await conn.end({ timeout: 5 });
      }
    },
  };
}

export const RUN_HAS_POSTGRES = process.env.TEST_POSTGRES !== "absent";
export const NO_POSTGRES_REASON = "skipped: needs Postgres, and this run has none (no server answers, no initdb found)";

/** describe on a run with Postgres; otherwise describe.skip, the reason in its name. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (RUN_HAS_POSTGRES) describe(name, body);
  else describe.skip(`${name} [${NO_POSTGRES_REASON}]`, body);
}

/** test on a run with Postgres; otherwise test.skip, the reason in its name. */
export function testWithPostgres(name: string, body: () => Promise<void> | void, timeoutMs?: number): void {
  if (RUN_HAS_POSTGRES) test(name, body, timeoutMs);
  else test.skip(`${name} [${NO_POSTGRES_REASON}]`, body);
}

export interface TestDatabase {
  driver: "postgres" | "pglite";
  /** DATABASE_URL for a system under test; undefined on PGlite: the system opens its own (DATA_DIR/pglite). */
  url: string | undefined;
  /** A Storage on this database. Once per TestDatabase: on PGlite each call is a new in-memory database. */
  open(): Storage;
  /** Drops the Postgres database (nothing to do on PGlite). Idempotent. */
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix?: string): Promise<TestDatabase> {
  if (!RUN_HAS_POSTGRES) {
    return { driver: "pglite", url: undefined, open: () => createPgliteStorage(undefined), drop: async () => {} };
  }
  const db = await createTempDatabase(prefix);
  return { driver: "postgres", url: db.url, open: () => createPostgresStorage(db.url), drop: () => db.drop() };
}
