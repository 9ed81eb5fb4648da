// Safety net for messages the pool never gets to dead-letter itself: a handler that hangs
// past its ack wait on the last delivery, or an instance that dies mid-message. The server
// then only publishes a MAX_DELIVERIES advisory; this turns it into a dead letter.
import { silentLogger, type Logger } from "./logger.ts";
import { publishDeadLetter, type DeadLetter } from "./deadLetter.ts";
import type { Mesh } from "./types.ts";

export interface MaxDeliveriesWatchOptions {
  stream: string;
  durable: string;
  /** Work-queue streams keep an unacked message forever: remove it once dead-lettered. */
  deleteFromStream: boolean;
  logger?: Logger;
  onDeadLetter?: (dl: DeadLetter) => void;
}

interface MaxDeliveriesAdvisory {
  stream?: string;
  consumer?: string;
  stream_seq?: number;
  deliveries?: number;
}

export function maxDeliveriesSubject(stream: string, durable: string): string {
  return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`;
}

export function watchMaxDeliveries(mesh: Mesh, opts: MaxDeliveriesWatchOptions): { stop(): Promise<void> } {
  const logger = opts.logger ?? silentLogger;
  const inFlight = new Set<Promise<void>>();
  // A queue group: of all pool instances, exactly one handles each advisory.
  const sub = mesh.nc.subscribe(maxDeliveriesSubject(opts.stream, opts.durable), {
    queue: `mesh-dlq-${opts.durable}`,
    callback: (err, msg) => {
      if (err) {
        logger.error({ err }, "max-deliveries advisory subscription failed");
        return;
      }
      let advisory: MaxDeliveriesAdvisory;
      try {
        advisory = msg.json<MaxDeliveriesAdvisory>();
      } catch (parseErr) {
        logger.warn({ err: parseErr }, "unreadable max-deliveries advisory");
        return;
      }
      const p = deadLetterFromAdvisory(mesh, opts, advisory, logger).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
  });
  return {
    async stop() {
      try {
        if (!sub.isClosed()) await sub.drain();
      } catch {
        // closed together with the connection
      }
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function deadLetterFromAdvisory(mesh: Mesh, opts: MaxDeliveriesWatchOptions, advisory: MaxDeliveriesAdvisory, logger: Logger): Promise<void> {
  const seq = advisory.stream_seq;
  if (typeof seq !== "number") return;
  try {
    const stored = await mesh.jsm.streams.getMessage(opts.stream, { seq });
    if (!stored) {
      logger.warn({ stream: opts.stream, seq }, "max deliveries reached but the message is gone from the stream");
      return;
    }
    const dl: DeadLetter = {
      stream: opts.stream,
      consumer: opts.durable,
      subject: stored.subject,
      streamSeq: seq,
      deliveries: advisory.deliveries ?? 0,
      reason: `max deliveries (${advisory.deliveries ?? "?"}) reached without an ack: handler timed out or its instance stopped`,
      data: stored.data,
      headers: stored.header,
    };
    const { duplicate } = await publishDeadLetter(mesh, dl);
    if (opts.deleteFromStream) await mesh.jsm.streams.deleteMessage(opts.stream, seq, false);
    if (duplicate) return;
    logger.warn({ stream: opts.stream, seq, subject: stored.subject }, "message dead-lettered after max deliveries");
    opts.onDeadLetter?.(dl);
  } catch (err) {
    logger.error({ err, stream: opts.stream, seq }, "message reached max deliveries and could not be dead-lettered");
  }
}
