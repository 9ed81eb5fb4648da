// Graceful stop on SIGINT/SIGTERM: stop pools first (in the order given), then drain
// connections, so in-flight messages are acked instead of redelivered elsewhere.

export type Closer = { close(): Promise<void> } | { stop(): Promise<void> } | (() => Promise<void>);

export interface ShutdownOptions {
  /** Exit the process after closing (default true: installing a handler disables the default exit). */
  exit?: boolean;
  /** Give up waiting and exit after this long (default 10000 ms). */
  timeoutMs?: number;
  onError?: (err: unknown) => void;
}

export async function closeAll(closers: readonly Closer[], onError?: (err: unknown) => void): Promise<void> {
  for (const c of closers) {
    try {
      if (typeof c === "function") await c();
      else if ("stop" in c) await c.stop();
      else await c.close();
    } catch (err) {
      onError?.(err);
    }
  }
}

/** Installs the handlers; returns a function that removes them again. */
export function installShutdown(closers: readonly Closer[], signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"], opts: ShutdownOptions = {}): () => void {
  let started = false;
  const onSignal = () => {
    // A second signal while shutting down means "now".
    if (started) process.exit(130);
    started = true;
    const timer = setTimeout(() => process.exit(1), opts.timeoutMs ?? 10_000);
    timer.unref?.();
    closeAll(closers, opts.onError).finally(() => {
      clearTimeout(timer);
      // A completed drain is a clean stop, not a crash.
      if (opts.exit ?? true) process.exit(0);
    });
  };
  for (const s of signals) process.on(s, onSignal);
  return () => {
    for (const s of signals) process.off(s, onSignal);
  };
}
