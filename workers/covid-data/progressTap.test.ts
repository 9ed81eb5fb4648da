import { expect, test } from "bun:test";
import { tapProgress } from "./progressTap.ts";

test("beats at most once per interval while chunks flow, and passes every chunk", async () => {
  let clock = 0;
  async function* chunks() {
    for (let i = 0; i < 10; i++) {
      clock += 400; // each chunk takes 400 ms to arrive
      yield Uint8Array.of(i);
    }
  }
  const beats: number[] = [];
  const seen: number[] = [];
  for await (const c of tapProgress(
    chunks(),
    () => beats.push(clock),
    1000,
    () => clock,
  ))
    seen.push(c[0]);
  expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(beats).toEqual([1200, 2400, 3600]);
});
