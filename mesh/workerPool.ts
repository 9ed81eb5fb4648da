// The consume loop of a worker pool: instances share one durable pull consumer, each runs at
// most `concurrency` handlers and never holds more messages than that. Failures are retried
// with backoff, and a message that cannot succeed ends in the dead-letter stream, never lost.
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, type Consumer, type ConsumerMessages, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { publishDeadLetter, type DeadLetter } from "./deadLetter.ts";
import { decodeMessage } from "./envelope.ts";
import { silentLogger, type Logger } from "./logger.ts";
import { watchMaxDeliveries } from "./maxDeliveriesWatch.ts";
import { ensureConsumer, ensureStream } from "./provision.ts";
import { createSleeper, retryInPlace } from "./retryInPlace.ts";
import { countTelemetry, observeHandler } from "./telemetry.ts";
import type { Envelope, MessageDef, Mesh, Received } from "./types.ts";

export interface WorkerMessage<T> extends Received<T> {
  /** 1 on the first delivery. */
  deliveryCount: number;
  streamSeq: number;
  /** Extends the ack wait: call it in long handlers. */
  working(): void;
}

export interface WorkerPoolOptions<T> {
  stream: string;
  durable: string;
  /** Subject filter (one, with wildcards: server 2.9); omitted = everything in the stream. */
  filterSubject?: string;
  /** The message kind, or a choice by subject for consumers over several subjects. */
  def: MessageDef<T> | ((subject: string) => MessageDef<T>);
  handler: (m: WorkerMessage<T>) => Promise<void>;
  /** Handlers in flight per instance (default 4). */
  concurrency?: number;
  /** Deliveries before a failing message is dead-lettered (default 5). */
  maxDeliver?: number;
  /** Redelivery delay after the n-th failure; the last value repeats (default [250, 1000, 5000]). */
  backoffMs?: number[];
  /** Default 30000: must exceed the handler time, or the handler calls working(). */
  ackWaitMs?: number;
  /** Across all instances (default max(1000, concurrency)). */
  maxAckPending?: number;
  /** How long one pull waits for messages (default 5000, min 1000). */
  fetchExpiresMs?: number;
  /** Create the contract's dead-letter stream if missing (default true). */
  ensureDeadLetterStream?: boolean;
  /**
   * Errors that say a dependency is down (database unreachable), not that the message is bad.
   * The message is then kept and its handler retried in place until it succeeds or the pool
   * stops: an outage of any length spends no delivery and sends nothing to the dead letters.
   */
  isTransient?: (err: unknown) => boolean;
  /** Longest wait between in-place retries of a transient failure (default 2000). */
  transientRetryMaxMs?: number;
  /** After a message was stored as a dead letter (e.g. to report the job as failed). */
  onDeadLetter?: (dl: DeadLetterInfo<T>, reason: string) => void | Promise<void>;
  logger?: Logger;
}

/** A dead letter with the decoded message when it could be decoded (not for poison). */
export interface DeadLetterInfo<T> extends DeadLetter {
  value?: T;
  envelope?: Envelope;
}

export interface WorkerPoolStats {
  /** Handled and acked. */
  processed: number;
  /** Handler failures (every failed delivery). */
  failed: number;
  /** Deliveries beyond the first. */
  redelivered: number;
  deadLettered: number;
  /** Acks the server did not confirm: those messages come again. */
  ackFailures: number;
  /** In-place retries after transient failures (a dependency was down). */
  transientRetries: number;
}

export interface WorkerPool {
  /** Stops pulling and waits for the handlers in flight. */
  stop(): Promise<void>;
  /** Live counters of this instance. */
  stats: WorkerPoolStats;
}

const DEFAULT_BACKOFF = [250, 1000, 5000];

export async function runWorkerPool<T>(mesh: Mesh, opts: WorkerPoolOptions<T>): Promise<WorkerPool> {
  const logger = opts.logger ?? silentLogger;
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 4));
  const maxDeliver = Math.max(1, Math.floor(opts.maxDeliver ?? 5));
  const backoff = opts.backoffMs && opts.backoffMs.length > 0 ? opts.backoffMs : DEFAULT_BACKOFF;
  const expires = Math.max(1000, opts.fetchExpiresMs ?? 5000);
  const { stream, durable } = opts;

  const ackWaitMs = opts.ackWaitMs ?? 30_000;
  const transientMaxMs = Math.max(50, Math.min(opts.transientRetryMaxMs ?? 2000, ackWaitMs / 3));
  if (opts.ensureDeadLetterStream ?? true) {
    await ensureStream(mesh.jsm, mesh.contract.streams.deadLetters, mesh.replicas !== undefined ? { replicas: mesh.replicas } : {});
  }
  const provision = () =>
    ensureConsumer(mesh.jsm, stream, {
      durable_name: durable,
      ...(opts.filterSubject ? { filter_subject: opts.filterSubject } : {}),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_deliver: maxDeliver,
      ack_wait: nanos(ackWaitMs),
      max_ack_pending: Math.max(opts.maxAckPending ?? 1000, concurrency),
    });
  await provision();
  const workQueue = (await mesh.jsm.streams.info(stream)).config.retention === RetentionPolicy.Workqueue;

  const stats: WorkerPoolStats = { processed: 0, failed: 0, redelivered: 0, deadLettered: 0, ackFailures: 0, transientRetries: 0 };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let current: ConsumerMessages | null = null;
  let wake: (() => void) | null = null;

  const defFor = (subject: string): MessageDef<T> => (typeof opts.def === "function" ? opts.def(subject) : opts.def);
  const decode = (m: { subject: string; data: Uint8Array; headers?: JsMsg["headers"] }): Received<T> =>
    decodeMessage(defFor(m.subject), { subject: m.subject, data: m.data, headers: m.headers ?? undefined });

  const recordDeadLetter = async (dl: DeadLetter, received?: Received<T>) => {
    stats.deadLettered++;
    countTelemetry(dl.subject, "deadLettered");
    if (!opts.onDeadLetter) return;
    if (!received) {
      try {
        received = decode(dl);
      } catch {
        // poison: the callback gets the raw dead letter only
      }
    }
    try {
      await opts.onDeadLetter({ ...dl, value: received?.value, envelope: received?.envelope }, dl.reason);
    } catch (err) {
      logger.error({ err, subject: dl.subject, seq: dl.streamSeq }, "onDeadLetter callback failed");
    }
  };
  const watcher = watchMaxDeliveries(mesh, {
    stream,
    durable,
    deleteFromStream: workQueue,
    logger,
    onDeadLetter: (dl) => void recordDeadLetter(dl),
  });

  const backoffFor = (deliveryCount: number) => backoff[Math.min(deliveryCount - 1, backoff.length - 1)]!;

  async function deadLetterAndTerm(m: JsMsg, reason: string, deliveries: number, received?: Received<T>): Promise<void> {
    const dl: DeadLetter = { stream, consumer: durable, subject: m.subject, streamSeq: m.seq, deliveries, reason, data: m.data, headers: m.headers };
    try {
      await publishDeadLetter(mesh, dl, { onRetry: () => m.working() });
    } catch (err) {
      // Not stored, so not terminated: it comes back, or the max-deliveries watcher takes it.
      logger.error({ err, subject: m.subject, seq: m.seq }, "dead letter not stored; message left for redelivery");
      m.nak(backoffFor(deliveries));
      return;
    }
    // term() without a reason: a 2.9 server does not parse "+TERM <reason>".
    m.term();
    logger.warn({ subject: m.subject, seq: m.seq, deliveries, reason }, "message dead-lettered");
    await recordDeadLetter(dl, received);
  }

  async function processMessage(m: JsMsg): Promise<void> {
    const deliveryCount = m.info.deliveryCount;
    if (deliveryCount > 1) {
      stats.redelivered++;
      countTelemetry(m.subject, "redeliveries");
    }
    let received: Received<T>;
    try {
      received = decode(m);
    } catch (err) {
      // A poison message fails the same way every time: retrying cannot help.
      await deadLetterAndTerm(m, `undecodable: ${(err as Error).message}`, deliveryCount);
      return;
    }
    const started = performance.now();
    try {
      await handleHoldingOnOutage(m, received, deliveryCount);
    } catch (err) {
      if (stopping && opts.isTransient?.(err)) {
        // Stopped while a dependency was down: hand the message back now, not after AckWait.
        m.nak();
        return;
      }
      observeHandler(m.subject, performance.now() - started);
      stats.failed++;
      countTelemetry(m.subject, "failed");
      const why = err instanceof Error ? err.message : String(err);
      if (deliveryCount >= maxDeliver) {
        await deadLetterAndTerm(m, `handler failed on delivery ${deliveryCount} of ${maxDeliver}: ${why}`, deliveryCount, received);
      } else {
        logger.warn({ err, subject: m.subject, seq: m.seq, deliveryCount }, "handler failed; will retry");
        m.nak(backoffFor(deliveryCount));
      }
      return;
    }
    observeHandler(m.subject, performance.now() - started);
    try {
      // Double ack: only a confirmed ack counts, a lost one means the message comes again.
      await m.ackAck();
      stats.processed++;
      countTelemetry(m.subject, "processed");
    } catch (err) {
      stats.ackFailures++;
      logger.warn({ err, subject: m.subject, seq: m.seq }, "ack not confirmed; message will be redelivered");
    }
  }

  const sleeper = createSleeper();
  /** Runs the handler; while it fails transiently, keeps the message and retries in place. */
  function handleHoldingOnOutage(m: JsMsg, received: Received<T>, deliveryCount: number): Promise<void> {
    const run = () => opts.handler({ ...received, deliveryCount, streamSeq: m.seq, working: () => m.working() });
    if (!opts.isTransient) return run();
    return retryInPlace(run, {
      isTransient: opts.isTransient,
      maxDelayMs: transientMaxMs,
      stopping: () => stopping,
      keepAlive: () => m.working(),
      sleeper,
      onTransient: (err, attempt) => {
        stats.transientRetries++;
        if (attempt === 1) logger.warn({ err, subject: m.subject, seq: m.seq }, "dependency unavailable; holding the message and retrying");
      },
    });
  }

  function dispatch(m: JsMsg): void {
    const p = processMessage(m)
      .catch((err) => logger.error({ err, subject: m.subject, seq: m.seq }, "message processing crashed"))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        resolve();
      };
    });

  async function pullOnce(consumer: Consumer): Promise<void> {
    const free = concurrency - inFlight.size;
    const iter = await consumer.fetch({ max_messages: free, expires });
    current = iter;
    // The client may re-pull a full batch after a reconnect: never trust it to stay within bounds.
    const watchdog = setTimeout(() => void iter.close(), expires * 2 + 5000);
    try {
      for await (const m of iter) {
        if (stopping || inFlight.size >= concurrency) {
          m.nak();
          continue;
        }
        dispatch(m);
      }
    } finally {
      clearTimeout(watchdog);
      current = null;
    }
  }

  async function loop(): Promise<void> {
    let consumer: Consumer | null = null;
    let errorDelay = 100;
    while (!stopping && !mesh.nc.isClosed()) {
      // Fetch (not consume): consume refills on receipt, so it would buffer beyond `concurrency`.
      while (inFlight.size >= concurrency && !stopping) await Promise.race(inFlight);
      if (stopping) break;
      try {
        consumer ??= await mesh.js.consumers.get(stream, durable);
        await pullOnce(consumer);
        errorDelay = 100;
      } catch (err) {
        if (stopping || mesh.nc.isClosed()) break;
        logger.warn({ err, stream, durable }, "pull failed; retrying");
        // Heartbeats missed, consumer deleted, server restarted: start over from a fresh consumer.
        // A deleted consumer fails the fetch; getting it again then says "not found": recreate it.
        consumer = null;
        if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) {
          await provision().catch((provErr) => logger.error({ err: provErr }, "consumer could not be recreated"));
        }
        await pause(errorDelay);
        errorDelay = Math.min(errorDelay * 2, 2000);
      }
    }
  }

  const running = loop().catch((err) => logger.error({ err, stream, durable }, "worker pool loop crashed"));

  let stopped: Promise<void> | undefined;
  return {
    stats,
    stop() {
      return (stopped ??= (async () => {
        stopping = true;
        wake?.();
        sleeper.wakeAll();
        await current?.close();
        await running;
        await Promise.allSettled([...inFlight]);
        await watcher.stop();
      })());
    },
  };
}
