// Event-loop stalls of the system's processes, read from its log: every process of
// `covid-mesh start` logs "event loop stalled" with `stallMs` when its loop was held for
// LOOP_STALL_WARN_MS or more (cli/loopStalls.ts; the benches set 20). A stall is load-robust
// evidence of work that holds a thread: on a busy machine a preempted process also shows some.
import { readFileSync } from "node:fs";

/** What the benches ask the system for: every stall of 20 ms or more is logged. */
export const BENCH_STALL_MS = "20";

export interface StallSummary {
  count: number;
  over50: number;
  over100: number;
  maxMs: number;
  totalMs: number;
}

/** The "event loop stalled" lines logged between `from` and `to` (epoch ms), per process (log name). */
export function stallsBetween(file: string, from: number, to: number): Record<string, StallSummary> {
  const out: Record<string, StallSummary> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.includes('"event loop stalled"')) continue;
    let rec: { time?: number; name?: string; stallMs?: number };
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    if (rec.time === undefined || rec.time < from || rec.time > to || rec.stallMs === undefined) continue;
    const s = (out[rec.name ?? "?"] ??= { count: 0, over50: 0, over100: 0, maxMs: 0, totalMs: 0 });
    s.count++;
    if (rec.stallMs >= 50) s.over50++;
    if (rec.stallMs >= 100) s.over100++;
    s.maxMs = Math.max(s.maxMs, rec.stallMs);
    s.totalMs += rec.stallMs;
  }
  return out;
}

export const stallText = (all: Record<string, StallSummary>): string =>
  Object.entries(all)
    .map(([name, s]) => `${name} max ${s.maxMs} ms (${s.count} ≥ 20 ms, ${s.over50} ≥ 50 ms, ${s.over100} ≥ 100 ms)`)
    .join("; ") || "none ≥ 20 ms";
