// Public API of the sql package.
export type * from "./types.ts";
export {
  DuplicateKeyInBatchError,
  InvalidBatchError,
  InvalidManifestError,
  InvalidRegionError,
  InvalidRiskResultError,
  MigrationError,
  StorageClosedError,
  StorageConfigError,
  StorageError,
  StorageQueryError,
  StorageUnavailableError,
} from "./errors.ts";
export { createPostgresStorage, type PostgresStorageOptions } from "./drivers/postgresJs.ts";
export { createPgliteStorage } from "./drivers/pglite.ts";
export { containPostgresJsNullSocketCrash, isPostgresJsNullSocketCrash } from "./drivers/nullSocketGuard.ts";
export { DEFAULT_PGLITE_DIR, openStorage, parseStorageConfig, type StorageConfig } from "./config.ts";
export { MIGRATION_LOCK_KEY, MIGRATIONS_FOLDER } from "./migrate.ts";
export { expectedMigrations, waitForMigrations, type WaitForMigrationsOptions } from "./schemaWait.ts";
export * as schema from "./schema.ts";
// Test support for other packages' integration tests (throwaway Postgres databases).
