// In-place retry for handlers whose dependency is down: the message is kept (its ack timer
// extended) instead of being nak'ed, so an outage of any length spends no delivery.

export interface RetryInPlaceOptions {
  /** True for errors that mean "a dependency is down", not "this message is bad". */
  isTransient: (err: unknown) => boolean;
  /** Longest wait between attempts, ms; waits grow 200, 400, 800 … up to it. */
  maxDelayMs: number;
  /** Checked before each retry: once stopping, the last error is thrown to the caller. */
  stopping: () => boolean;
  /** Called before and after each wait (extends the message's ack deadline). */
  keepAlive: () => void;
  /** Called on each transient failure (attempt counts from 1). */
  onTransient?: (err: unknown, attempt: number) => void;
  sleeper: Sleeper;
}

/** Runs `fn` until it succeeds, fails with a non-transient error, or the caller stops. */
export async function retryInPlace<R>(fn: () => Promise<R>, opts: RetryInPlaceOptions): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (opts.stopping() || !opts.isTransient(err)) throw err;
      opts.onTransient?.(err, attempt);
      opts.keepAlive();
      await opts.sleeper.sleep(Math.min(100 * 2 ** attempt, opts.maxDelayMs));
      opts.keepAlive();
    }
  }
}

/** Sleeps that a stop can cut short, so a stopping pool never waits out a backoff. */
export interface Sleeper {
  sleep(ms: number): Promise<void>;
  wakeAll(): void;
}

export function createSleeper(): Sleeper {
  const waking = new Set<() => void>();
  return {
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waking.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        waking.add(done);
      });
    },
    wakeAll() {
      for (const done of [...waking]) done();
    },
  };
}
