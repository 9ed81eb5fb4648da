// The real datasets some tests read: the `shared/data` folder beside the checkout, or
// SHARED_DATA. A fresh clone elsewhere has none, and its tests that read them used to fail
// (ENOENT at load); now they skip, with the missing file in the skipped test's name. In CI here,
// where the data is present, they run. REQUIRE_SHARED_DATA=1 makes absence an error instead of a
// skip, for a run that must not pass silently without its datasets. The test gate is in
// sharedDataGate.ts (this file does not import bun:test: benches and tools read the paths too).
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";

/** The datasets folder (SHARED_DATA, else ../shared/data beside the repository). */
export const SHARED_DATA = process.env.SHARED_DATA || join(import.meta.dir, "../../shared/data");

/** A path inside the datasets folder. */
export function sharedDataPath(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

/** Absence of a dataset a run was told to require (REQUIRE_SHARED_DATA=1). */
export class SharedDataMissingError extends Error {
  override name = "SharedDataMissingError";
  constructor(readonly missing: string[]) {
    super(`REQUIRE_SHARED_DATA=1 but these datasets are absent: ${missing.join(", ")} (SHARED_DATA=${SHARED_DATA})`);
  }
}

/** The given files (absolute, or relative to the datasets folder) that are absent. */
export function missingSharedData(...paths: string[]): string[] {
  return paths.map((p) => (isAbsolute(p) ? p : sharedDataPath(p))).filter((p) => !existsSync(p));
}
