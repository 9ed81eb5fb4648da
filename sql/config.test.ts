import { expect, test } from "bun:test";
import { DEFAULT_PGLITE_DIR, openStorage, parseStorageConfig } from "./config.ts";
import { StorageConfigError } from "./errors.ts";

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

test("openStorage picks the driver from the environment", async () => {
  const embedded = openStorage({ PGLITE_DIR: "memory://" });
  const remote = openStorage({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test" });
  try {
    expect(embedded.driver).toBe("pglite");
    expect(remote.driver).toBe("postgres");
    await embedded.ping();
    await remote.ping();
  } finally {
    await embedded.close();
    await remote.close();
  }
});
