// Provisioning that waits for the cluster. On the two-host deployment the streams are R3 (A, B
// and the witness): until the third node has joined, JetStream answers "no suitable peers for
// placement" (or, before a meta leader is elected, "temporarily unavailable" or nothing at all).
// Those mean "not yet", not "wrong": `serve` waits and retries with a log line instead of exiting
// (which made a host's services restart-loop until the other host was up), so machines can be
// started in any order. Bounded: past the overall timeout the error ends the process as before.
import { JetStreamApiError, type StreamInfo } from "@nats-io/jetstream";
import { errors as natsErrors, RequestError } from "@nats-io/transport-node";
import { MeshProvisionError } from "./errors.ts";
import { silentLogger, type Logger } from "./logger.ts";
import { ensureStreams } from "./provision.ts";
import type { Mesh } from "./types.ts";

/** JetStream API codes meaning "the cluster cannot place this yet". */
const NOT_YET = new Set([
  10005, // no suitable peers for placement
  10008, // JetStream system temporarily unavailable (no meta leader)
  10023, // insufficient resources
]);

/** Default overall wait: long enough for the other machines of a deployment to boot. */
export const PROVISION_WAIT_MS = 5 * 60_000;

/** True for errors that a node joining the cluster (or a leader being elected) will clear. */
export function isPlacementPending(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current instanceof JetStreamApiError && NOT_YET.has(current.code)) return true;
    if (/no suitable peers for placement|insufficient resources|temporarily unavailable/i.test(current.message)) return true;
    if (current instanceof natsErrors.TimeoutError) return true;
    if (current instanceof RequestError && current.isNoResponders()) return true;
    current = current.cause;
  }
  return false;
}

export interface WaitOptions {
  /** Overall bound (default PROVISION_WAIT_MS). */
  timeoutMs?: number;
  /** First pause between attempts; doubles up to 10 s (default 1 s). */
  intervalMs?: number;
  logger?: Logger;
}

/** ensureStreams, retried while the cluster cannot place the streams yet. */
export async function ensureStreamsWhenPlaceable(mesh: Mesh, opts: WaitOptions = {}): Promise<StreamInfo[]> {
  const log = opts.logger ?? silentLogger;
  const timeoutMs = opts.timeoutMs ?? PROVISION_WAIT_MS;
  const started = Date.now();
  let pause = opts.intervalMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    try {
      const infos = await ensureStreams(mesh);
      if (attempt > 1) log.info({ attempts: attempt, waitedMs: Date.now() - started }, "streams provisioned: the cluster can place them now");
      return infos;
    } catch (err) {
      const waited = Date.now() - started;
      if (!isPlacementPending(err)) throw err;
      if (waited + pause > timeoutMs) {
        throw new MeshProvisionError(
          `the streams could not be placed within ${Math.round(timeoutMs / 1000)} s (replicas ${mesh.replicas ?? 1}): are the other NATS nodes up? ${(err as Error).message}`,
          { cause: err },
        );
      }
      log.warn(
        { err: (err as Error).message, replicas: mesh.replicas, attempt, waitedMs: waited, retryInMs: pause, giveUpAfterMs: timeoutMs },
        "streams cannot be placed yet (waiting for the cluster's other nodes); retrying",
      );
      await Bun.sleep(pause);
      pause = Math.min(pause * 2, 10_000);
    }
  }
}
