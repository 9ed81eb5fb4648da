// A lost compare-and-set is retried by its callers (jobs/jobStore.ts, the scheduler's poll loop)
// only when isRevisionConflict recognises it: the server's two codes for it, and nothing else.
import { expect, test } from "bun:test";
import { JetStreamApiError } from "@nats-io/jetstream";
import { isRevisionConflict } from "./kv.ts";

const apiError = (err_code: number, description: string) => new JetStreamApiError({ code: 400, err_code, description });

test("both wrong-last-sequence codes are a lost race: with the sequence (10071) and without it (10164, replicated streams on 2.15)", () => {
  expect(isRevisionConflict(apiError(10071, "wrong last sequence: 7"))).toBe(true);
  expect(isRevisionConflict(apiError(10164, "wrong last sequence"))).toBe(true);
});

test("other JetStream errors and plain errors are not a lost race", () => {
  expect(isRevisionConflict(apiError(10059, "stream not found"))).toBe(false);
  expect(isRevisionConflict(apiError(10077, "maximum messages exceeded"))).toBe(false);
  expect(isRevisionConflict(new Error("wrong last sequence"))).toBe(false);
  expect(isRevisionConflict(undefined)).toBe(false);
});
