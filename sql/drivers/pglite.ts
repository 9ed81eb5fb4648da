// PGlite driver: embedded Postgres (WASM), one session, in memory or under a data directory.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { migrateWithLock } from "../migrate.ts";
import { createStorage } from "../storage.ts";
import type { Storage } from "../types.ts";
import { startPgliteThread } from "./pgliteThread.ts";

export interface PgliteOptions {
  /** Run PGlite on a worker thread, so its queries never hold the caller's event loop (pgliteThread.ts). */
  thread?: boolean;
}

/** `dataDir` undefined (or "memory://") keeps the database in memory. */
export function createPgliteStorage(dataDir: string | undefined, opts: PgliteOptions = {}): Storage {
  // PGlite does not create missing parent directories (e.g. the default .data/pglite).
  if (dataDir !== undefined && !dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  // drizzle's PGlite session uses query() and transaction() only: the thread client offers both.
  const client = opts.thread ? (startPgliteThread(dataDir) as unknown as PGlite) : new PGlite(dataDir);
  const db = drizzle(client);
  return createStorage({
    driver: "pglite",
    db,
    // PGlite has a single session, so the lock and the migrator share it by construction.
    migrate: () => migrateWithLock(db, migrate),
    close: () => client.close(),
  });
}
