// Waits for the whole machine to be quiet before a measurement that shares it with nothing of
// ours: the ingestion rate runs right after the system under test stopped, while its exiting
// processes and the kernel's writeback of its database files can still hold a core or the disk
// (measured: 258 k region-days/s right after the query modes, 330–344 k on its own).
import { readFileSync } from "node:fs";

/** Busy and total jiffies of all CPUs (/proc/stat's first line). */
function cpuJiffies(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3] + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/**
 * Flushes dirty pages (sync), then waits until the machine's CPUs were busy less than
 * `maxBusy` (a fraction of all cores) in each of `seconds` consecutive seconds, or gives up
 * after `timeoutMs`. Returns how long it waited and whether it got there.
 */
export async function waitForQuietMachine(opts: { maxBusy: number; seconds: number; timeoutMs: number }): Promise<{ quiet: boolean; waitedMs: number }> {
  const started = performance.now();
  Bun.spawnSync(["sync"]);
  let quietSeconds = 0;
  while (performance.now() - started < opts.timeoutMs) {
    const a = cpuJiffies();
    await Bun.sleep(1000);
    const b = cpuJiffies();
    const busy = (b.busy - a.busy) / Math.max(1, b.total - a.total);
    quietSeconds = busy < opts.maxBusy ? quietSeconds + 1 : 0;
    if (quietSeconds >= opts.seconds) return { quiet: true, waitedMs: performance.now() - started };
  }
  return { quiet: false, waitedMs: performance.now() - started };
}
