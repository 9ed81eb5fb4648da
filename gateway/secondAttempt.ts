// A read sent over request/reply can be handed by NATS to a worker whose host has just died:
// until the route to that host is dropped, the interest is still there, and the request waits
// its whole deadline for an answer that never comes (then every query in its batch, client
// retries included, fails with 503). Read queries are idempotent, so the first attempt gets half
// the deadline and, if it times out, the same request is sent once more with the time left: by
// then the dead worker's interest is gone and a live one answers.
import { MeshTimeoutError } from "../mesh/mod.ts";

/** Below twice this, a deadline is too short to split: one attempt gets all of it. */
export const MIN_ATTEMPT_MS = 250;

export interface SecondAttemptStats {
  /** Requests whose first attempt timed out and that were sent once more. */
  retried: number;
}

/**
 * Runs `attempt(timeoutMs)` with half of `timeoutMs`, and once more with what is left when the
 * first attempt timed out. Any other error is final. `now` is for tests.
 */
export async function withSecondAttempt<R>(attempt: (timeoutMs: number) => Promise<R>, timeoutMs: number, stats?: SecondAttemptStats, now: () => number = Date.now): Promise<R> {
  if (timeoutMs < 2 * MIN_ATTEMPT_MS) return attempt(timeoutMs);
  const deadline = now() + timeoutMs;
  try {
    return await attempt(Math.floor(timeoutMs / 2));
  } catch (err) {
    const left = deadline - now();
    if (!(err instanceof MeshTimeoutError) || left < MIN_ATTEMPT_MS / 2) throw err;
    if (stats) stats.retried++;
    return attempt(left);
  }
}
