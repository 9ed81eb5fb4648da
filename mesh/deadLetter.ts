// Dead letters: JetStream never dead-letters by itself (it only stops redelivering), so the
// pool copies a message it gives up on to `mesh.dlq.<stream>.<consumer>` before term().
import { headers as createHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { MeshPublishError } from "./errors.ts";
import { HEADER } from "./envelope.ts";
import type { Mesh } from "./types.ts";

export const DLQ_HEADER = {
  reason: "Mesh-Dlq-Reason",
  subject: "Mesh-Dlq-Subject",
  deliveries: "Mesh-Dlq-Deliveries",
  streamSeq: "Mesh-Dlq-Stream-Seq",
  stream: "Mesh-Dlq-Stream",
  consumer: "Mesh-Dlq-Consumer",
} as const;

export interface DeadLetter {
  stream: string;
  consumer: string;
  /** Subject the message was stored under. */
  subject: string;
  streamSeq: number;
  deliveries: number;
  reason: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/** Header values are single lines of bounded size. */
function headerSafe(text: string, max = 1024): string {
  const line = text.replace(/[\r\n]+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function deadLetterHeaders(dl: DeadLetter): MsgHdrs {
  const h = createHeaders();
  if (dl.headers) {
    for (const key of dl.headers.keys()) {
      // Nats-* headers steer JetStream (expectations, dedup ids) and would misfire on the DLQ stream.
      if (key.toLowerCase().startsWith("nats-")) continue;
      for (const v of dl.headers.values(key)) h.append(key, v);
    }
  }
  h.set(DLQ_HEADER.reason, headerSafe(dl.reason));
  h.set(DLQ_HEADER.subject, dl.subject);
  h.set(DLQ_HEADER.deliveries, String(dl.deliveries));
  h.set(DLQ_HEADER.streamSeq, String(dl.streamSeq));
  h.set(DLQ_HEADER.stream, dl.stream);
  h.set(DLQ_HEADER.consumer, dl.consumer);
  // One dead letter per stored message and consumer, even if two paths report it.
  h.set(HEADER.natsMsgId, `dlq:${dl.stream}:${dl.consumer}:${dl.streamSeq}`);
  return h;
}

export interface DeadLetterPublishOptions {
  /** Attempts before giving up (default 3). */
  attempts?: number;
  timeoutMs?: number;
  /** Called between attempts: the pool uses it to extend the source message's ack wait. */
  onRetry?: () => void;
}

/**
 * Stores the dead letter in JetStream; throws MeshPublishError when it cannot. `duplicate`
 * means this message was dead-lettered before (by another path or instance).
 */
export async function publishDeadLetter(mesh: Mesh, dl: DeadLetter, opts: DeadLetterPublishOptions = {}): Promise<{ seq: number; duplicate: boolean }> {
  const subject = mesh.contract.subjects.deadLetter(dl.stream, dl.consumer);
  const headers = deadLetterHeaders(dl);
  const attempts = opts.attempts ?? 3;
  let lastErr: unknown;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) {
      opts.onRetry?.();
      await new Promise((r) => setTimeout(r, 200 * 4 ** (i - 1)));
    }
    try {
      const ack = await mesh.js.publish(subject, dl.data, { headers, timeout: opts.timeoutMs ?? 5000 });
      return { seq: ack.seq, duplicate: ack.duplicate };
    } catch (err) {
      lastErr = err;
      if (mesh.nc.isClosed()) break;
    }
  }
  throw new MeshPublishError(`dead letter for ${dl.stream} seq ${dl.streamSeq} could not be stored on "${subject}": ${(lastErr as Error)?.message}`, { cause: lastErr });
}
