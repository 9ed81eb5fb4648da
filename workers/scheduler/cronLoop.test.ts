import { describe, expect, test } from "bun:test";
import { manualClock } from "./clock.ts";
import { parseCron, runCronLoop } from "./cronLoop.ts";
import { ScheduleSpecError } from "./errors.ts";
import { polledJobId, scheduledJobId } from "./jobIds.ts";

const T0 = Date.parse("2024-05-01T05:59:58.500Z");

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(check()).toBe(true);
}

describe("cron loop", () => {
  test("fires at the pattern's exact times, named by the firing time, not the wall clock", async () => {
    const clock = manualClock(T0);
    const abort = new AbortController();
    const fired: string[] = [];
    const loop = runCronLoop({ pattern: "*/2 * * * * *", clock, signal: abort.signal, onFire: async (at) => void fired.push(at.toISOString()) });
    await until(() => clock.waiting() === 1);
    await clock.advance(6_000);
    await until(() => fired.length === 3);
    expect(fired).toEqual(["2024-05-01T06:00:00.000Z", "2024-05-01T06:00:02.000Z", "2024-05-01T06:00:04.000Z"]);
    abort.abort();
    await loop;
  });

  test("a firing far in the past (a stalled host) is skipped, not replayed", async () => {
    const clock = manualClock(T0);
    const abort = new AbortController();
    const fired: string[] = [];
    const skipped: string[] = [];
    let stall = true;
    const loop = runCronLoop({
      pattern: "0 * * * * *",
      clock,
      signal: abort.signal,
      maxLateMs: 10_000,
      onFire: async (at) => {
        fired.push(at.toISOString());
        if (stall) {
          stall = false;
          clock.set(clock.now() + 5.5 * 60_000); // the handler "took" five and a half minutes
        }
      },
      onSkip: (at) => skipped.push(at.toISOString()),
    });
    await until(() => clock.waiting() === 1);
    await clock.advance(2_000);
    await until(() => clock.waiting() === 1 && fired.length === 1);
    await clock.advance(60_000);
    await until(() => fired.length === 2);
    expect(fired[0]).toBe("2024-05-01T06:00:00.000Z");
    // 06:01 … 06:05 passed while it stalled: the loop resumes at the next firing, 06:06.
    expect(skipped).toEqual(["2024-05-01T06:01:00.000Z"]);
    expect(fired[1]).toBe("2024-05-01T06:06:00.000Z");
    abort.abort();
    await loop;
  });

  test("a bad pattern is a named error at start", () => {
    expect(() => parseCron("every tuesday")).toThrow(ScheduleSpecError);
  });

  test("job ids are deterministic and valid subject tokens", () => {
    expect(scheduledJobId("jhu-us-cases", new Date("2024-05-01T06:00:00Z"))).toBe("jhu-us-cases-at-20240501T060000Z");
    expect(polledJobId("nyt-us-states", 3, 'http:"abc"|')).toBe(polledJobId("nyt-us-states", 3, 'http:"abc"|'));
    expect(polledJobId("nyt-us-states", 3, "a")).not.toBe(polledJobId("nyt-us-states", 3, "b"));
    expect(polledJobId("nyt-us-states", 3, "a")).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
