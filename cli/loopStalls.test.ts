// The stall watch logs a held event loop with how long it was held, and nothing once stopped.
import { expect, test } from "bun:test";
import pino from "pino";
import { watchLoopStalls } from "./loopStalls.ts";

function capture() {
  const lines: Array<{ msg: string; stallMs: number; level: number }> = [];
  const logger = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

const holdFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the thread is held, as a synchronous decode holds it
  }
};

test("a loop held synchronously is logged as a stall at least as long as the threshold", async () => {
  const { logger, lines } = capture();
  const watch = watchLoopStalls({ logger, thresholdMs: 100 });
  await Bun.sleep(30);
  holdFor(400);
  await Bun.sleep(30);
  watch.stop();
  const stalls = lines.filter((l) => l.msg === "event loop stalled");
  expect(stalls.length).toBeGreaterThanOrEqual(1);
  expect(Math.max(...stalls.map((s) => s.stallMs))).toBeGreaterThanOrEqual(100);
  expect(stalls[0].level).toBe(40); // warn
  expect(watch.stats().count).toBe(stalls.length);

  const seen = lines.length;
  holdFor(400);
  await Bun.sleep(30);
  expect(lines.length).toBe(seen);
});
