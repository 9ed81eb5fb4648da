// The wall clock, and a manual clock for tests.
import type { Clock } from "./types.ts";

/** setTimeout cannot wait longer than 2^31-1 ms: long waits are taken in slices. */
const MAX_SLICE_MS = 60 * 60 * 1000;

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    let left = ms;
    while (left > 0 && !signal.aborted) {
      const slice = Math.min(left, MAX_SLICE_MS);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, slice);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        }
        signal.addEventListener("abort", done, { once: true });
      });
      left -= slice;
    }
  },
};

export interface ManualClock extends Clock {
  set(ms: number): void;
  /** Moves time forward, waking every sleeper whose time has come (in time order). */
  advance(ms: number): Promise<void>;
  /** Sleepers currently waiting. */
  waiting(): number;
}

export function manualClock(startMs: number): ManualClock {
  let now = startMs;
  const sleepers = new Set<{ at: number; wake: () => void }>();
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));
  return {
    now: () => now,
    set(ms) {
      now = ms;
    },
    waiting: () => sleepers.size,
    sleep(ms, signal) {
      if (ms <= 0 || signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const s = {
          at: now + ms,
          wake: () => {
            sleepers.delete(s);
            signal.removeEventListener("abort", s.wake);
            resolve();
          },
        };
        sleepers.add(s);
        signal.addEventListener("abort", s.wake, { once: true });
      });
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...sleepers].filter((s) => s.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = Math.max(now, due.at);
        due.wake();
        await settle();
      }
      now = Math.max(now, end); // a sleeper may have moved the clock past `end` itself
      await settle();
    },
  };
}
