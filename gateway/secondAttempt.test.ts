import { describe, expect, test } from "bun:test";
import { MeshRemoteError, MeshTimeoutError } from "../mesh/mod.ts";
import { MIN_ATTEMPT_MS, withSecondAttempt } from "./secondAttempt.ts";

/** A clock the attempts move forward: each attempt "takes" what it is told. */
function fakeClock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Attempts that each time out after taking `extraMs` beyond their own timer; records what each was given. */
function timingOut(clock: ReturnType<typeof fakeClock>, extraMs = 0) {
  const asked: number[] = [];
  const attempt = async (ms: number): Promise<never> => {
    asked.push(ms);
    clock.advance(ms + extraMs);
    throw new MeshTimeoutError("s", ms);
  };
  return { asked, attempt };
}

describe("withSecondAttempt", () => {
  test("a first attempt that times out is sent once more with the time left", async () => {
    const clock = fakeClock();
    const asked: number[] = [];
    const stats = { retried: 0 };
    const r = await withSecondAttempt(
      async (ms) => {
        asked.push(ms);
        if (asked.length === 1) {
          clock.advance(ms);
          throw new MeshTimeoutError("covid.risk.regions.batch", ms);
        }
        return "answer";
      },
      2_000,
      stats,
      clock.now,
    );
    expect(r).toBe("answer");
    expect(asked).toEqual([1_000, 1_000]);
    expect(stats.retried).toBe(1);
  });

  test("a second timeout is the request's failure", async () => {
    const clock = fakeClock();
    const { asked, attempt } = timingOut(clock);
    await expect(withSecondAttempt(attempt, 2_000, undefined, clock.now)).rejects.toBeInstanceOf(MeshTimeoutError);
    expect(asked.length).toBe(2);
  });

  test("an error other than a timeout is not retried", async () => {
    let calls = 0;
    const p = withSecondAttempt(async () => {
      calls++;
      throw new MeshRemoteError("no_data", "no observations for that date");
    }, 2_000);
    await expect(p).rejects.toBeInstanceOf(MeshRemoteError);
    expect(calls).toBe(1);
  });

  test("a deadline too short to split gets one attempt with all of it", async () => {
    const clock = fakeClock();
    const { asked, attempt } = timingOut(clock);
    await expect(withSecondAttempt(attempt, 2 * MIN_ATTEMPT_MS - 1, undefined, clock.now)).rejects.toBeInstanceOf(MeshTimeoutError);
    expect(asked).toEqual([2 * MIN_ATTEMPT_MS - 1]);
  });

  test("no second attempt when the first used up nearly all the deadline", async () => {
    const clock = fakeClock();
    const { asked, attempt } = timingOut(clock, 950); // the loop was stalled well past the attempt's own timer
    await expect(withSecondAttempt(attempt, 2_000, undefined, clock.now)).rejects.toBeInstanceOf(MeshTimeoutError);
    expect(asked.length).toBe(1);
  });
});
