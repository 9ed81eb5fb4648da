import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { openStorage } from "../../sql/mod.ts";
import type { Config } from "../config.ts";
import { acquireDataDirLock } from "../dataDirLock.ts";

export async function migrateCommand(config: Config): Promise<void> {
  mkdirSync(config.dataDir, { recursive: true });
  // Embedded PGlite is single-process: never open it under a running `npm start`.
  const lock = config.DATABASE_URL ? null : acquireDataDirLock(config.dataDir);
  try {
    const storage = await openStorage({ DATABASE_URL: config.DATABASE_URL, PGLITE_DIR: join(config.dataDir, "pglite") });
    try {
      await storage.migrate();
      console.log(`migrations applied (${storage.driver})`);
    } finally {
      await storage.close();
    }
  } finally {
    lock?.release();
  }
}
