// Two ways to send: `publish` stores the message in JetStream (at-least-once, deduplicated by
// envelope id), `emit` is a fire-and-forget core NATS event for whoever listens right now.
import { errors as natsErrors, RequestError } from "@nats-io/transport-node";
import { createEnvelope, envelopeToHeaders } from "./envelope.ts";
import { MeshClosedError, MeshNoRespondersError, MeshPublishError, MeshTimeoutError } from "./errors.ts";
import type { MessageDef, Mesh } from "./types.ts";
import { codecOf } from "./codecs/codecOf.ts";

export interface PublishOptions {
  /** Envelope id and JetStream dedup key: pass a deterministic id to publish exactly once. */
  id?: string;
  correlationId?: string;
  /** Fail unless the subject is stored by this stream. */
  expectStream?: string;
  timeoutMs?: number;
  /**
   * Keep trying (same envelope id, so JetStream stores it once) until the stream acknowledges
   * or this many ms have passed. For messages whose loss would leave someone waiting forever,
   * such as a job's final event while a stream leader is being elected.
   */
  retryForMs?: number;
}

export interface PublishResult {
  stream: string;
  seq: number;
  /** True when the stream already held a message with this id: nothing new was stored. */
  duplicate: boolean;
}

export async function publish<T>(mesh: Mesh, subject: string, def: MessageDef<T>, value: T, opts: PublishOptions = {}): Promise<PublishResult> {
  const envelope = createEnvelope(def, mesh.source, opts);
  const data = codecOf(def).encode(value);
  const headers = envelopeToHeaders(envelope);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const deadline = Date.now() + (opts.retryForMs ?? 0);
  for (let attempt = 0; ; attempt++) {
    if (mesh.nc.isClosed()) throw new MeshClosedError(`cannot publish to "${subject}": connection closed`);
    try {
      const ack = await mesh.js.publish(subject, data, {
        headers,
        msgID: envelope.id,
        timeout: timeoutMs,
        expect: opts.expectStream ? { streamName: opts.expectStream } : undefined,
      });
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      const e = publishError(err, subject, timeoutMs);
      if (e instanceof MeshClosedError || Date.now() >= deadline) throw e;
      await new Promise((r) => setTimeout(r, Math.min(2_000, 100 * 2 ** attempt)));
    }
  }
}

function publishError(err: unknown, subject: string, timeoutMs: number): Error {
  if (err instanceof natsErrors.TimeoutError) return new MeshTimeoutError(subject, timeoutMs, { cause: err });
  // The client reports "no stream listens" as JetStream not enabled (a no-responders reply).
  const cause = (err as { cause?: unknown }).cause;
  const noResponders = (err instanceof RequestError && err.isNoResponders()) || (cause instanceof RequestError && cause.isNoResponders());
  if (noResponders) {
    return new MeshNoRespondersError(subject, `no JetStream stream stores subject "${subject}"`, { cause: err });
  }
  if (err instanceof natsErrors.ClosedConnectionError || err instanceof natsErrors.DrainingConnectionError) {
    return new MeshClosedError(`cannot publish to "${subject}": connection closed`, { cause: err });
  }
  return new MeshPublishError(`publish to "${subject}" failed: ${(err as Error).message}`, { cause: err });
}

/** Core NATS publish: no storage, no ack. For events whose loss only delays a cache refresh. */
export function emit<T>(mesh: Mesh, subject: string, def: MessageDef<T>, value: T, opts: { id?: string; correlationId?: string } = {}): void {
  const envelope = createEnvelope(def, mesh.source, opts);
  const data = codecOf(def).encode(value);
  try {
    mesh.nc.publish(subject, data, { headers: envelopeToHeaders(envelope) });
  } catch (err) {
    if (err instanceof natsErrors.ClosedConnectionError || err instanceof natsErrors.DrainingConnectionError) {
      throw new MeshClosedError(`cannot emit on "${subject}": connection closed`, { cause: err });
    }
    throw new MeshPublishError(`emit on "${subject}" failed: ${(err as Error).message}`, { cause: err });
  }
}
