// The gate of the tests that read the real datasets (testenv/sharedData.ts): present, they run;
// absent, they skip with the missing file in the skipped test's name (REQUIRE_SHARED_DATA=1: fail).
import { relative } from "node:path";
import { describe, test } from "bun:test";
import { missingSharedData, SHARED_DATA, SharedDataMissingError } from "./sharedData.ts";

// biome-ignore lint/suspicious/noConfusingVoidType: bun:test's own signature for a test body
type TestFn = () => void | Promise<unknown>;
type DescribeFn = () => void | Promise<void>;

export interface SharedDataGate {
  /** True when every file is present: the gated tests run. */
  present: boolean;
  /** Why the gated tests skip ("" when present). */
  reason: string;
  /** `test`, or a skipped test whose name says which dataset is missing. */
  test(name: string, fn: TestFn, timeoutMs?: number): void;
  /** `describe`, or a group with one skipped test naming the missing dataset (its body is never run, so it may read the files). */
  describe(name: string, fn: DescribeFn): void;
}

/**
 * A gate for tests that read these files (absolute, or relative to the datasets folder).
 * `const data = needsSharedData(FILE); data.test(...)`, `data.describe(...)`; for reads at
 * module load, check `data.present` first.
 */
export function needsSharedData(...paths: string[]): SharedDataGate {
  const missing = missingSharedData(...paths);
  if (missing.length === 0) {
    return { present: true, reason: "", test: (name, fn, timeoutMs) => test(name, fn, timeoutMs), describe: (name, fn) => describe(name, fn) };
  }
  if (process.env.REQUIRE_SHARED_DATA === "1") throw new SharedDataMissingError(missing);
  const shown = missing.map((p) => (p.startsWith(SHARED_DATA) ? relative(SHARED_DATA, p) : p)).join(", ");
  const reason = `skipped: dataset ${shown} absent under ${SHARED_DATA} (set SHARED_DATA)`;
  return {
    present: false,
    reason,
    test: (name, fn, timeoutMs) => test.skip(`${name} [${reason}]`, fn, timeoutMs),
    describe: (name) => describe(name, () => test.skip(reason, () => {})),
  };
}
