import { describe, expect, test } from "bun:test";
import { createMicroBatcher, MicroBatchError } from "./microBatcher.ts";

/** A batcher whose sends are recorded and answered by `answer`. */
function recording(answer: (items: number[]) => Promise<Array<string | Error>>, maxBatch = 100) {
  const sent: Array<{ items: number[]; timeoutMs: number }> = [];
  const batcher = createMicroBatcher<number, string>({
    maxBatch,
    send(items, timeoutMs) {
      sent.push({ items, timeoutMs });
      return answer(items);
    },
  });
  return { batcher, sent };
}

describe("micro-batcher", () => {
  test("calls of one event-loop turn go out as one batch; each gets its own result, in order", async () => {
    const { batcher, sent } = recording(async (items) => items.map((i) => `r${i}`));
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => batcher.call(i, 1000)));
    expect(results).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    expect(sent.map((s) => s.items)).toEqual([[1, 2, 3, 4, 5]]);
    expect(batcher.stats()).toEqual({ batches: 1, calls: 5 });
  });

  test("results split back correctly even when the replies of several batches come back out of order", async () => {
    const { batcher, sent } = recording(async (items) => {
      await Bun.sleep(items[0] === 1 ? 30 : 1); // the first batch answers last
      return items.map((i) => `r${i}`);
    });
    const first = [1, 2].map((i) => batcher.call(i, 1000));
    await new Promise((r) => setImmediate(r));
    const second = [3, 4, 5].map((i) => batcher.call(i, 1000));
    expect(await Promise.all([...first, ...second])).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    expect(sent.map((s) => s.items)).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  test("an item that failed fails only its own call; the others get their results", async () => {
    const { batcher } = recording(async (items) => items.map((i) => (i === 2 ? new Error("no region for 2") : `r${i}`)));
    const settled = await Promise.allSettled([1, 2, 3].map((i) => batcher.call(i, 1000)));
    expect(settled[0]).toEqual({ status: "fulfilled", value: "r1" });
    expect(settled[1].status).toBe("rejected");
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe("no region for 2");
    expect(settled[2]).toEqual({ status: "fulfilled", value: "r3" });
  });

  test("a batch that failed as a whole fails each of its calls with that error", async () => {
    const boom = new Error("timeout");
    const { batcher } = recording(async () => {
      throw boom;
    });
    const settled = await Promise.allSettled([1, 2].map((i) => batcher.call(i, 1000)));
    expect(settled.map((s) => (s as PromiseRejectedResult).reason)).toEqual([boom, boom]);
  });

  test("a reply with the wrong number of results fails every call rather than misassigning any", async () => {
    const { batcher } = recording(async (items) => items.slice(1).map((i) => `r${i}`));
    const settled = await Promise.allSettled([1, 2, 3].map((i) => batcher.call(i, 1000)));
    for (const s of settled) expect((s as PromiseRejectedResult).reason).toBeInstanceOf(MicroBatchError);
  });

  test("a full batch goes at once; the rest waits for the end of the turn", async () => {
    const { batcher, sent } = recording(async (items) => items.map((i) => `r${i}`), 3);
    const all = [1, 2, 3, 4, 5].map((i) => batcher.call(i, 1000));
    expect(sent.map((s) => s.items)).toEqual([[1, 2, 3]]);
    expect(await Promise.all(all)).toEqual(["r1", "r2", "r3", "r4", "r5"]);
    expect(sent.map((s) => s.items)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  test("the batch waits no longer than its most impatient call", async () => {
    const { batcher, sent } = recording(async (items) => items.map((i) => `r${i}`));
    await Promise.all([batcher.call(1, 5000), batcher.call(2, 800), batcher.call(3, 2000)]);
    expect(sent[0].timeoutMs).toBe(800);
  });

  test("a call alone is sent within the turn (no timer to wait out)", async () => {
    const { batcher, sent } = recording(async (items) => items.map((i) => `r${i}`));
    const p = batcher.call(9, 1000);
    await new Promise((r) => setImmediate(r));
    expect(sent.map((s) => s.items)).toEqual([[9]]);
    expect(await p).toBe("r9");
  });
});
