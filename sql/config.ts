// Storage configuration from the environment: postgres.js when DATABASE_URL is set, else PGlite.
import { z } from "zod";
import { createPgliteStorage } from "./drivers/pglite.ts";
import { createPostgresStorage } from "./drivers/postgresJs.ts";
import { StorageConfigError } from "./errors.ts";
import type { Storage } from "./types.ts";

/** Where the embedded database lives when PGLITE_DIR is unset (.data/ is git-ignored). */
export const DEFAULT_PGLITE_DIR = ".data/pglite";

// An empty variable (common in compose files) means unset.
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const StorageEnv = z.object({
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL")
      .optional(),
  ),
  /** A directory, or "memory://" for an in-memory database. */
  PGLITE_DIR: z.preprocess(blankToUndefined, z.string().default(DEFAULT_PGLITE_DIR)),
});

export interface StorageConfig {
  databaseUrl: string | undefined;
  pgliteDir: string;
}

export function parseStorageConfig(env: Record<string, string | undefined>): StorageConfig {
  const parsed = StorageEnv.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new StorageConfigError(`invalid storage environment: ${detail}`, { cause: parsed.error });
  }
  return { databaseUrl: parsed.data.DATABASE_URL, pgliteDir: parsed.data.PGLITE_DIR };
}

/**
 * Opens (does not migrate) the storage the environment asks for. `pgliteThread`: an embedded
 * PGlite runs on a worker thread (a process that also answers requests: see drivers/pgliteThread.ts).
 */
export function openStorage(env: Record<string, string | undefined> = process.env, opts: { pgliteThread?: boolean } = {}): Storage {
  const config = parseStorageConfig(env);
  return config.databaseUrl !== undefined ? createPostgresStorage(config.databaseUrl) : createPgliteStorage(config.pgliteDir, { thread: opts.pgliteThread });
}
