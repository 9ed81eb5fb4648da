// Retention of device presences: every hour (and once at start) presences of hours older than
// the retention period are deleted. Each instance sweeps; a delete of nothing is cheap.
import { Cron } from "croner";
import type { Logger } from "../../mesh/mod.ts";
import type { Storage } from "../../sql/mod.ts";

const DAY_MS = 86_400_000;

export interface Retention {
  /** Deletes what has expired now; the number of presences deleted. */
  runNow(nowMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export function startRetention(opts: {
  storage: Pick<Storage, "deleteDevicePresenceBefore">;
  days: number;
  logger: Logger;
  /** croner pattern; default minute 7 of every hour. */
  pattern?: string;
}): Retention {
  let running: Promise<number> | null = null;
  const runNow = (nowMs = Date.now()) => {
    // One sweep at a time: a slow delete is not stacked under the next tick.
    running ??= opts.storage
      .deleteDevicePresenceBefore(new Date(nowMs - opts.days * DAY_MS).toISOString())
      .then((n) => {
        if (n > 0) opts.logger.info({ deleted: n, retentionDays: opts.days }, "expired device presences deleted");
        return n;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const sweep = () => void runNow().catch((err) => opts.logger.warn({ err }, "device presence retention sweep failed"));
  const job = new Cron(opts.pattern ?? "7 * * * *", { timezone: "UTC", protect: true }, sweep);
  sweep();
  return {
    runNow,
    async stop() {
      job.stop();
      await running?.catch(() => {});
    },
  };
}
