import { expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineStorageContract } from "../contract.ts";
import { defineActivityContract } from "../contractActivity.ts";
import { defineBulkContract } from "../contractBulk.ts";
import { defineRiskContract } from "../contractRisk.ts";
import { defineWeeklyContract } from "../contractWeekly.ts";
import { StorageClosedError } from "../errors.ts";
import { createPgliteStorage } from "./pglite.ts";
import { initPgliteDataDir, needsInit, PgliteInitError } from "./pgliteInit.ts";

defineStorageContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineActivityContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineBulkContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineRiskContract("PGlite (in memory)", () => createPgliteStorage(undefined));
defineWeeklyContract("PGlite (in memory)", () => createPgliteStorage(undefined));

test("PGlite keeps data in its directory across reopen; closed storage refuses work", async () => {
  const dir = await mkdtemp(join(tmpdir(), "covidmesh-pglite-"));
  try {
    const dataDir = join(dir, "nested", "db"); // missing parents are created
    const first = createPgliteStorage(dataDir);
    await first.migrate();
    const cols = { regionId: Int32Array.of(1), day: Int32Array.of(18_300), cumCases: Float64Array.of(42) };
    await first.applyObservations("job-1", 0, "jhu", cols);
    await first.close();
    await expect(first.ping()).rejects.toBeInstanceOf(StorageClosedError);

    const second = createPgliteStorage(dataDir);
    await second.migrate();
    expect(await second.getObservation(1, "jhu", 18_300)).toMatchObject({ cumCases: 42 });
    await second.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// The same contract with PGlite on a worker thread (what `npm start`'s storage process uses).
defineStorageContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineBulkContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineRiskContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineWeeklyContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));
defineActivityContract("PGlite on a worker thread", () => createPgliteStorage(undefined, { thread: true }));

test("a new PGlite directory is created in a child process (pgliteInit.ts), then opened on the thread", async () => {
  const dir = await mkdtemp(join(tmpdir(), "covidmesh-pglite-"));
  try {
    const dataDir = join(dir, "db");
    expect(needsInit(dataDir)).toBe(true);
    await initPgliteDataDir(dataDir);
    expect(needsInit(dataDir)).toBe(false);
    const storage = createPgliteStorage(dataDir, { thread: true });
    await storage.migrate();
    await storage.ping();
    await storage.close();
    expect(needsInit(undefined)).toBe(false);
    expect(needsInit("memory://")).toBe(false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

test("a failed initdb child is a PgliteInitError", async () => {
  const dir = await mkdtemp(join(tmpdir(), "covidmesh-pglite-"));
  try {
    // A file where the directory should be: PGlite cannot create its cluster there.
    const dataDir = join(dir, "db");
    await writeFile(dataDir, "not a directory");
    await expect(initPgliteDataDir(dataDir)).rejects.toBeInstanceOf(PgliteInitError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);
