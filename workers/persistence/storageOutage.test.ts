import { describe, expect, test } from "bun:test";
import { createPostgresStorage, InvalidBatchError, StorageQueryError, StorageUnavailableError } from "../../sql/mod.ts";
import { isStorageOutage } from "./storageOutage.ts";

const coded = (code: string) => Object.assign(new Error(`driver says ${code}`), { code });

describe("isStorageOutage", () => {
  test("a database that refuses connections is an outage, whatever the operation", async () => {
    // Port 1 on a loopback alias: nothing listens, the connect is refused at once.
    const storage = createPostgresStorage("postgres://postgres@127.0.0.1:1/none", { connectTimeoutSeconds: 2 });
    try {
      const errors = await Promise.all([storage.ping(), storage.listRegions(), storage.completeJobIfDone("job-x")].map((p) => p.then(() => null, (e: unknown) => e)));
      expect(errors.every((e) => e instanceof Error)).toBe(true);
      expect(errors.map(isStorageOutage)).toEqual([true, true, true]);
    } finally {
      await storage.close();
    }
  });

  test("connection SQLSTATEs and socket codes are outages, also when wrapped", () => {
    expect(isStorageOutage(new StorageUnavailableError("down"))).toBe(true);
    expect(isStorageOutage(new StorageQueryError("x failed", "57P01", { cause: coded("57P01") }))).toBe(true);
    expect(isStorageOutage(new StorageQueryError("x failed", "08006", { cause: coded("08006") }))).toBe(true);
    expect(isStorageOutage(new StorageQueryError("x failed", undefined, { cause: coded("CONNECTION_CLOSED") }))).toBe(true);
    expect(isStorageOutage(new AggregateError([coded("ECONNREFUSED")], "connect failed"))).toBe(true);
  });

  test("bad data and other query failures are not outages", () => {
    expect(isStorageOutage(new InvalidBatchError("column lengths differ"))).toBe(false);
    expect(isStorageOutage(new StorageQueryError("x failed", "23505", { cause: coded("23505") }))).toBe(false);
    expect(isStorageOutage(new StorageQueryError("x failed", "22P02", { cause: coded("22P02") }))).toBe(false);
    expect(isStorageOutage(new Error("something else"))).toBe(false);
    expect(isStorageOutage("not an error")).toBe(false);
  });
});
