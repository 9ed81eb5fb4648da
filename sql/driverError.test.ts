// Driver failures become named errors: an unreachable database is StorageUnavailableError
// (a ServiceError whose message says nothing of the driver), anything else a StorageError.
import { describe, expect, test } from "bun:test";
import { ServiceError } from "../domain/mod.ts";
import { toStorageError } from "./driverError.ts";
import { DuplicateKeyInBatchError, InvalidBatchError, StorageQueryError, StorageUnavailableError } from "./errors.ts";
import { createPostgresStorage } from "./drivers/postgresJs.ts";

const coded = (code: string) => Object.assign(new Error(`driver says ${code}`), { code });

describe("toStorageError", () => {
  test("a database that refuses connections is StorageUnavailableError, whatever the operation", async () => {
    // Port 1 on loopback: nothing listens, the connect is refused at once.
    const storage = createPostgresStorage("postgres://postgres@127.0.0.1:1/none", { connectTimeoutSeconds: 2 });
    try {
      const errors = await Promise.all(
        [storage.ping(), storage.listRegions(), storage.completeJobIfDone("job-x")].map((p) =>
          p.then(
            () => null,
            (e: unknown) => e,
          ),
        ),
      );
      expect(errors.map((e) => e instanceof StorageUnavailableError)).toEqual([true, true, true]);
      const e = errors[1] as StorageUnavailableError;
      expect(e.operation).toBe("listRegions");
      expect(e).toBeInstanceOf(ServiceError);
      expect(e.code).toBe("storage_unavailable");
      expect(e.message).not.toContain("127.0.0.1");
    } finally {
      await storage.close();
    }
  });

  test("connection SQLSTATEs and socket codes are outages, also when wrapped", () => {
    const wrapped = (cause: unknown) => new Error("DrizzleQueryError: select …", { cause });
    for (const err of [coded("57P01"), coded("08006"), coded("25006"), wrapped(coded("CONNECTION_CLOSED")), new AggregateError([coded("ECONNREFUSED")], "connect failed")]) {
      const e = toStorageError("op", err);
      expect(e).toBeInstanceOf(StorageUnavailableError);
      expect((e as Error).cause).toBe(err);
    }
    const down = new StorageUnavailableError("ping");
    expect(toStorageError("op", down)).toBe(down);
  });

  test("bad data and other query failures are StorageErrors with their SQLSTATE, not outages", () => {
    expect(toStorageError("op", coded("21000"))).toBeInstanceOf(DuplicateKeyInBatchError);
    const invalid = new InvalidBatchError("column lengths differ");
    expect(toStorageError("op", invalid)).toBe(invalid);
    for (const code of ["23505", "22P02", "22008"]) {
      const e = toStorageError("op", new Error("wrapper", { cause: coded(code) }));
      expect(e).toBeInstanceOf(StorageQueryError);
      expect((e as StorageQueryError).code).toBe(code);
      expect(e.message).toBe(`op failed: driver says ${code} (SQLSTATE ${code})`);
    }
    const other = toStorageError("op", new Error("something else\nsecond line"));
    expect(other).toBeInstanceOf(StorageQueryError);
    expect(other.message).toBe("op failed: something else");
  });
});
