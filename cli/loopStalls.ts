// Logs the stalls of this thread's event loop: a timer due every `intervalMs` that fires
// `thresholdMs` or more late means the thread ran something else (a synchronous decode, a big
// JSON.parse, a GC pause, …) for that long, and every answer this thread owes waited as long.
// One warn line per stall, with its length: what `npm start`'s processes did when /v1/risk slowed
// down can be read off their log (bench/startUnderLoad.ts counts these lines per process).
import type { Logger } from "../mesh/mod.ts";

export interface LoopStallWatch {
  /** Stalls seen so far (count, longest), for tests and shutdown logs. */
  stats(): { count: number; maxMs: number };
  stop(): void;
}

export function watchLoopStalls(opts: { logger: Logger; thresholdMs: number; intervalMs?: number; now?: () => number }): LoopStallWatch {
  const interval = opts.intervalMs ?? 10;
  const now = opts.now ?? (() => performance.now());
  let count = 0;
  let maxMs = 0;
  let due = now() + interval;
  const timer = setInterval(() => {
    const t = now();
    const late = t - due;
    due = t + interval;
    if (late < opts.thresholdMs) return;
    count++;
    maxMs = Math.max(maxMs, late);
    opts.logger.warn({ stallMs: Math.round(late) }, "event loop stalled");
  }, interval);
  timer.unref?.();
  return { stats: () => ({ count, maxMs }), stop: () => clearInterval(timer) };
}
