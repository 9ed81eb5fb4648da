import { describe, expect, test } from "bun:test";
import { createSleeper, retryInPlace } from "./retryInPlace.ts";

class Down extends Error {}
const isTransient = (err: unknown) => err instanceof Down;

describe("retryInPlace", () => {
  test("retries transient failures until success, keeping the message alive", async () => {
    let calls = 0;
    let keepAlives = 0;
    const attempts: number[] = [];
    const result = await retryInPlace(
      async () => {
        if (++calls < 4) throw new Down("db down");
        return "stored";
      },
      { isTransient, maxDelayMs: 5, stopping: () => false, keepAlive: () => keepAlives++, onTransient: (_e, a) => attempts.push(a), sleeper: createSleeper() },
    );
    expect(result).toBe("stored");
    expect(calls).toBe(4);
    expect(attempts).toEqual([1, 2, 3]);
    expect(keepAlives).toBe(6);
  });

  test("a non-transient error is thrown at once", async () => {
    let calls = 0;
    const run = retryInPlace(
      async () => {
        calls++;
        throw new TypeError("bad batch");
      },
      { isTransient, maxDelayMs: 5, stopping: () => false, keepAlive: () => {}, sleeper: createSleeper() },
    );
    await expect(run).rejects.toBeInstanceOf(TypeError);
    expect(calls).toBe(1);
  });

  test("stopping ends the retries with the last transient error, and wakeAll cuts the wait short", async () => {
    let stopping = false;
    const sleeper = createSleeper();
    const run = retryInPlace(
      async () => {
        throw new Down("db down");
      },
      { isTransient, maxDelayMs: 60_000, stopping: () => stopping, keepAlive: () => {}, sleeper },
    );
    await Bun.sleep(20);
    stopping = true;
    sleeper.wakeAll();
    await expect(run).rejects.toBeInstanceOf(Down);
  });
});
