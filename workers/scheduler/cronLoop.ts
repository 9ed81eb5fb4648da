// One cron schedule as a loop: sleep until the next firing time, fire with that exact time
// (not "now"), repeat. The firing time, not the wall clock, names the job, so every instance
// running the same schedule derives the same job id.
import { Cron } from "croner";
import { ScheduleSpecError } from "./errors.ts";
import type { Clock } from "./types.ts";

export interface CronLoopOptions {
  pattern: string;
  timezone?: string;
  clock: Clock;
  signal: AbortSignal;
  /** Firings older than this (a suspended host, a long stall) are skipped, not replayed. */
  maxLateMs?: number;
  onFire(at: Date): Promise<void>;
  onSkip?(at: Date): void;
  onError?(err: unknown, at: Date): void;
}

/** Parses the pattern now, so a bad one fails at start with a named error. */
export function parseCron(pattern: string, timezone?: string): Cron {
  try {
    return new Cron(pattern, { paused: true, timezone: timezone ?? "Etc/UTC" });
  } catch (err) {
    throw new ScheduleSpecError(`invalid cron pattern "${pattern}": ${(err as Error).message}`, { cause: err });
  }
}

export async function runCronLoop(opts: CronLoopOptions): Promise<void> {
  const cron = parseCron(opts.pattern, opts.timezone);
  const maxLateMs = opts.maxLateMs ?? 60_000;
  const { clock, signal } = opts;
  let from = new Date(clock.now());
  while (!signal.aborted) {
    const at = cron.nextRun(from);
    if (!at) return; // the pattern has no future firing
    const late = clock.now() - at.getTime();
    if (late > maxLateMs) {
      opts.onSkip?.(at);
      from = new Date(clock.now() - 1);
      continue;
    }
    await clock.sleep(at.getTime() - clock.now(), signal);
    if (signal.aborted) return;
    try {
      await opts.onFire(at);
    } catch (err) {
      opts.onError?.(err, at);
    }
    from = at;
  }
}
