// postgres.js driver: a connection pool for queries, a dedicated session for migrations.
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { migrateWithLock } from "../migrate.ts";
import { createStorage } from "../storage.ts";
import type { Storage } from "../types.ts";

export interface PostgresStorageOptions {
  /** Pool size (default 4: this is a 2-core box and batches are large statements). */
  max?: number;
  /** Seconds to wait for a connection (default 10). */
  connectTimeoutSeconds?: number;
  /** Seconds before an idle pooled connection is closed (default 60). */
  idleTimeoutSeconds?: number;
}

const quiet = () => {}; // "schema already exists, skipping" notices are expected, not news.

export function createPostgresStorage(url: string, opts: PostgresStorageOptions = {}): Storage {
  const client = postgres(url, {
    max: opts.max ?? 4,
    connect_timeout: opts.connectTimeoutSeconds ?? 10,
    idle_timeout: opts.idleTimeoutSeconds ?? 60,
    onnotice: quiet,
  });
  return createStorage({
    driver: "postgres",
    db: drizzle(client),
    async migrate() {
      // Advisory locks belong to a session: lock, migrate and unlock on one connection.
      const session = postgres(url, { max: 1, connect_timeout: opts.connectTimeoutSeconds ?? 10, onnotice: quiet });
      try {
        await migrateWithLock(drizzle(session), migrate);
      } finally {
        await session.end({ timeout: 5 });
      }
    },
    close: () => client.end({ timeout: 5 }),
  });
}
