// What a failover run (the process harness's and the compose test's) keeps across its tests:
// the FIGURES each scenario reports, and whether any test failed (then the run keeps its logs).
import { test } from "bun:test";

export interface ScenarioRun {
  readonly figures: Record<string, unknown>;
  /** True once a test registered with `test` has thrown. */
  readonly failed: boolean;
  /** Prints `FIGURES <name> {json}` and keeps the values for the run's summary line. */
  report(name: string, values: Record<string, unknown>): void;
  /** A bun test that marks the run failed when it throws. */
  test(name: string, fn: () => Promise<void>, timeoutMs: number): void;
  /** The summary line of every figure, printed at the end of the run. */
  printAll(): void;
}

export function createScenarioRun(): ScenarioRun {
  const figures: Record<string, unknown> = {};
  let failed = false;
  return {
    figures,
    get failed() {
      return failed;
    },
    report(name, values) {
      figures[name] = values;
      console.log(`FIGURES ${name} ${JSON.stringify(values)}`);
    },
    test(name, fn, timeoutMs) {
      test(
        name,
        async () => {
          try {
            await fn();
          } catch (err) {
            failed = true;
            throw err;
          }
        },
        timeoutMs,
      );
    },
    printAll() {
      console.log(`FIGURES all ${JSON.stringify(figures)}`);
    },
  };
}
