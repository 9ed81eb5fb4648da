// Databases for integration tests on whatever the run has (testenv/preload.ts decides): a
// throwaway Postgres database, or PGlite when the run has no Postgres at all (TEST_POSTGRES=absent:
// no server answers and no Postgres binaries exist). Tests that only make sense on Postgres
// (the postgres.js driver, its migrations) use describeWithPostgres / testWithPostgres: skipped,
// with the reason in their name, only on such a run. Test-only: imports bun:test.
import { describe, test } from "bun:test";
import { createPgliteStorage } from "./drivers/pglite.ts";
import { createPostgresStorage } from "./drivers/postgresJs.ts";
import { createTempDatabase } from "./tempDatabase.ts";
import type { Storage } from "./types.ts";

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
