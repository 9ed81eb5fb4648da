// Services that write as a role without DDL rights (deploy/postgres/roles.sql) cannot migrate:
// they wait until the owner's migrations (run by persistence) are all recorded in drizzle's
// journal table, so that no statement of theirs meets a table that is not there yet.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { MigrationError } from "./errors.ts";
import { MIGRATIONS_FOLDER } from "./migrate.ts";

/** Migrations this code expects (sql/migrations/meta/_journal.json). */
export function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

export interface WaitForMigrationsOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Each failed check (schema behind, or the database not reachable yet). */
  onWait?: (reason: string) => void;
}

export async function waitForMigrations(url: string, opts: WaitForMigrationsOptions = {}): Promise<void> {
  const want = expectedMigrations();
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  let last = "";
  try {
    for (;;) {
      try {
        const [row] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
        if ((row?.n ?? 0) >= want) return;
        last = `${row?.n ?? 0} of ${want} migrations applied`;
      } catch (err) {
        last = (err as Error).message;
      }
      opts.onWait?.(last);
      if (Date.now() > deadline) throw new MigrationError(`the database schema is not migrated (${last}); migrations run as the owner role in persistence (DATABASE_OWNER_URL)`);
      await Bun.sleep(opts.intervalMs ?? 1_000);
    }
  } finally {
    await sql.end({ timeout: 5 }).catch(() => {});
  }
}
