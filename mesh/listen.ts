// Receiving core NATS events (the counterpart of `emit`). Events are not stored, so a bad
// one can only be logged and counted.
import { drainThenSettle } from "./drainSubscription.ts";
import { decodeMessage } from "./envelope.ts";
import { silentLogger, type Logger } from "./logger.ts";
import { countTelemetry, observeHandler } from "./telemetry.ts";
import type { MessageDef, Mesh, Received } from "./types.ts";

export interface ListenOptions {
  /** Share events among instances (one of them gets each); default every instance gets all. */
  queue?: string;
  logger?: Logger;
}

export interface Listener {
  stop(): Promise<void>;
}

export function listen<T>(mesh: Mesh, subject: string, def: MessageDef<T>, handler: (m: Received<T>) => Promise<void> | void, opts: ListenOptions = {}): Listener {
  const logger = opts.logger ?? silentLogger;
  const inFlight = new Set<Promise<void>>();
  const sub = mesh.nc.subscribe(subject, {
    queue: opts.queue,
    callback: (err, msg) => {
      if (err) {
        logger.error({ err, subject }, "event subscription failed");
        return;
      }
      let received: Received<T>;
      try {
        received = decodeMessage(def, msg);
      } catch (decodeErr) {
        countTelemetry(msg.subject, "failed");
        logger.warn({ err: decodeErr, subject: msg.subject }, "undecodable event dropped");
        return;
      }
      const started = performance.now();
      const p = Promise.resolve()
        .then(() => handler(received))
        .then(
          () => countTelemetry(msg.subject, "processed"),
          (handlerErr) => {
            countTelemetry(msg.subject, "failed");
            logger.error({ err: handlerErr, subject: msg.subject, correlationId: received.envelope.correlationId }, "event handler failed");
          },
        )
        .finally(() => {
          observeHandler(msg.subject, performance.now() - started);
          inFlight.delete(p);
        });
      inFlight.add(p);
    },
  });
  return { stop: drainThenSettle(sub, inFlight, (err) => logger.debug({ err, subject }, "listener drain failed")) };
}
