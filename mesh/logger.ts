// Structured JSON logs (pino): one logger per service, a child per message with its correlation id.
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name: service, level, base: { service, pid: process.pid } }, logDestination(1));
}

/** Where createLogger writes: a file descriptor (1: stdout) or a path, batched per turn (below). */
export function logDestination(dest: number | string): { write(line: string): void; flush(cb?: (err?: Error) => void): void } {
  return turnBatched(pino.destination({ dest, sync: true }));
}

/** A logger that drops everything: the default for library code and tests. */
export const silentLogger: Logger = pino({ level: "silent" });

/** Flushed at once past this many characters, so that a long synchronous stretch stays bounded. */
const MAX_BATCH_CHARS = 64 * 1024;

/** Every batch's flush, run on exit (one listener for all). */
const pending = new Set<() => void>();
let exitHooked = false;

/**
 * The lines of one event-loop turn written together, in one synchronous write when the turn ends
 * (setImmediate), and on exit. pino's default destination (an asynchronous SonicBoom) appends
 * each line to a string it is still writing and measures that string's UTF-8 length on every
 * line: under load (the access log, one line per request) that measuring took 29% of a cache
 * hit's CPU, and its write callbacks 13% more (docs/performance.md). Lines keep their order and
 * their text; a process killed outright loses at most the lines of its current turn.
 */
export function turnBatched(dest: { write(text: string): unknown }): { write(line: string): void; flush(cb?: (err?: Error) => void): void } {
  let lines: string[] = [];
  let chars = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (lines.length === 0) return;
    const text = lines.length === 1 ? lines[0] : lines.join("");
    lines = [];
    chars = 0;
    dest.write(text);
  };
  pending.add(flush);
  if (!exitHooked) {
    exitHooked = true;
    process.on("exit", () => {
      for (const f of pending) f();
    });
  }
  return {
    write(line) {
      lines.push(line);
      chars += line.length;
      if (chars >= MAX_BATCH_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush(cb) {
      flush();
      cb?.();
    },
  };
}
