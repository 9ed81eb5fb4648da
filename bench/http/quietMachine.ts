// Waits for the whole machine to be quiet before a measurement that shares it with nothing of
// ours: the ingestion rate runs right after the system under test stopped, while its exiting
// processes and the kernel's writeback of its database files can still hold a core or the disk
// (measured: 258 k region-days/s right after the query modes, 330–344 k on its own).
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { waitUntilQuiet } from "./system.ts";

/** Busy CPU time of the whole machine so far, in seconds per core (/proc/stat's first line). */
function machineBusyCores(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
  const busy = fields.reduce((a, b) => a + b, 0) - idle;
  return busy / 100 / availableParallelism(); // USER_HZ = 100
}

/**
 * Flushes dirty pages (sync), then waits until the machine's CPUs were busy less than
 * `maxBusy` (a fraction of all cores) in each of `seconds` consecutive seconds, or gives up
 * after `timeoutMs`. Returns how long it waited and whether it got there.
 */
export async function waitForQuietMachine(opts: { maxBusy: number; seconds: number; timeoutMs: number }): Promise<{ quiet: boolean; waitedMs: number }> {
  const started = performance.now();
  Bun.spawnSync(["sync"]);
  const out = await waitUntilQuiet(machineBusyCores, opts.maxBusy, { seconds: opts.seconds, timeoutMs: opts.timeoutMs - (performance.now() - started) });
  return { quiet: out.quiet, waitedMs: performance.now() - started };
}
