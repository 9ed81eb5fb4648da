// postgres.js driver: a connection pool for queries, a dedicated session for migrations.
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { migrateWithLock } from "../migrate.ts";
import { StorageError } from "../errors.ts";
import type { Executor } from "../rows.ts";
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
    copyIn,
  });
}

/** Generous: a 32k-row batch loads in ~50 ms; past this the server is stuck, not slow. */
const COPY_TIMEOUT_MS = 30_000;

/**
 * COPY … FROM STDIN inside a drizzle transaction (drizzle keeps the postgres.js transaction at
 * `tx.session.client`). postgres.js reports completion as the stream's "finish", on the
 * server's CommandComplete. A COPY the server rejects after the data is sent (a duplicate key
 * in a table with a primary key: the append path of regionDayWrite.ts) is never reported to
 * the stream, and the query's own rejection is dropped because the query already resolved with
 * the stream (porsager/postgres#1173, open; fix proposed in #1183). So the query's `reject`, which
 * the connection still calls with the server's error, is wrapped to end the wait with that
 * error; the timeout only bounds a server that never answers.
 */
async function copyIn(tx: Executor, target: string, data: Uint8Array): Promise<void> {
  const statement = `copy ${target} from stdin (format binary)`;
  const client = (tx as { session?: { client?: postgres.TransactionSql } }).session?.client;
  if (!client || typeof client.unsafe !== "function") throw new StorageError("COPY needs a postgres.js transaction");
  const query = client.unsafe(statement) as ReturnType<postgres.TransactionSql["unsafe"]> & { reject?: (err: unknown) => void };
  const dropped = query.reject;
  if (typeof dropped !== "function") throw new StorageError("COPY needs postgres.js's query.reject (see porsager/postgres#1173)");
  let serverError: ((err: unknown) => void) | undefined;
  query.reject = (err) => {
    serverError?.(err);
    dropped(err);
  };
  const stream = await query.writable();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      serverError = reject;
      stream.on("error", reject);
      stream.on("finish", resolve);
      timer = setTimeout(() => reject(new StorageError(`COPY did not complete within ${COPY_TIMEOUT_MS} ms`)), COPY_TIMEOUT_MS);
      stream.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
  } finally {
    clearTimeout(timer);
  }
}
