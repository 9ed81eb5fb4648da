// Throwaway Postgres databases for tests: unique name per run, dropped with FORCE afterwards.
import postgres from "postgres";

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
