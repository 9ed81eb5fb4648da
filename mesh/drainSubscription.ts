// Stopping a subscription whose messages are handled asynchronously (listen, serve).
import type { Subscription } from "@nats-io/transport-node";

/**
 * A stop(): drains the subscription (once, however often it is called), then waits for the
 * messages still being handled. A drain that fails means the connection is already closed:
 * nothing more will arrive, so it is only reported.
 */
export function drainThenSettle(sub: Subscription, inFlight: ReadonlySet<Promise<void>>, onDrainError: (err: unknown) => void): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () =>
    (stopping ??= (async () => {
      try {
        if (!sub.isClosed()) await sub.drain();
      } catch (err) {
        onDrainError(err);
      }
      await Promise.allSettled([...inFlight]);
    })());
}
