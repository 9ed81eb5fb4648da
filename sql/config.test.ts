import { expect, test } from "bun:test";
import { DEFAULT_PGLITE_DIR, openStorage, parseStorageConfig } from "./config.ts";
import { StorageConfigError } from "./errors.ts";
import { ADMIN_DATABASE_URL } from "./testSupport.ts";
import { testWithPostgres } from "./testSupport.ts";

test("DATABASE_URL selects postgres; blank or missing selects PGlite under PGLITE_DIR", () => {
  expect(parseStorageConfig({ DATABASE_URL: "postgres://u@h:5432/db" })).toEqual({
    databaseUrl: "postgres://u@h:5432/db",
    pgliteDir: DEFAULT_PGLITE_DIR,
  });
  expect(parseStorageConfig({ DATABASE_URL: "  ", PGLITE_DIR: "/var/lib/mesh" })).toEqual({
    databaseUrl: undefined,
    pgliteDir: "/var/lib/mesh",
  });
  expect(parseStorageConfig({}).pgliteDir).toBe(DEFAULT_PGLITE_DIR);
});

test("a DATABASE_URL that is not a postgres URL is a StorageConfigError", () => {
  expect(() => parseStorageConfig({ DATABASE_URL: "mysql://x" })).toThrow(StorageConfigError);
  expect(() => parseStorageConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
});

test("openStorage with no DATABASE_URL opens PGlite", async () => {
  const embedded = openStorage({ PGLITE_DIR: "memory://" });
  try {
    expect(embedded.driver).toBe("pglite");
    await embedded.ping();
  } finally {
    await embedded.close();
  }
});

testWithPostgres("openStorage with a postgres DATABASE_URL opens postgres.js", async () => {
  const remote = openStorage({ DATABASE_URL: ADMIN_DATABASE_URL });
  try {
    expect(remote.driver).toBe("postgres");
    await remote.ping();
  } finally {
    await remote.close();
  }
});
