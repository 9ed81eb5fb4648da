// The envelope travels in NATS headers, so payload bytes stay pure (JSON or Arrow) and a
// router can read type and correlation without decoding the body.
import { headers as createHeaders, type MsgHdrs } from "@nats-io/transport-node";
import { MeshDecodeError } from "./errors.ts";
import type { Envelope, MessageDef, Received } from "./types.ts";
import { codecOf } from "./codecs/codecOf.ts";

export const HEADER = {
  id: "Mesh-Id",
  type: "Mesh-Type",
  source: "Mesh-Source",
  time: "Mesh-Time",
  correlationId: "Mesh-Correlation-Id",
  schemaVersion: "Mesh-Schema-Version",
  contentType: "Content-Type",
  /** Set to "1" on replies whose payload is a remote error. */
  error: "Mesh-Error",
  /** JetStream deduplication key. */
  natsMsgId: "Nats-Msg-Id",
} as const;

export interface EnvelopeOptions {
  id?: string;
  /** Defaults to the new message's id: a message without one starts a new chain. */
  correlationId?: string;
}

export function createEnvelope(def: MessageDef<unknown>, source: string, opts: EnvelopeOptions = {}): Envelope {
  const id = opts.id ?? crypto.randomUUID();
  return {
    id,
    type: def.type,
    source,
    time: new Date().toISOString(),
    correlationId: opts.correlationId ?? id,
    schemaVersion: def.version,
    contentType: codecOf(def).contentType,
  };
}

export function envelopeToHeaders(env: Envelope): MsgHdrs {
  const h = createHeaders();
  h.set(HEADER.id, env.id);
  h.set(HEADER.type, env.type);
  h.set(HEADER.source, env.source);
  h.set(HEADER.time, env.time);
  h.set(HEADER.correlationId, env.correlationId);
  h.set(HEADER.schemaVersion, String(env.schemaVersion));
  h.set(HEADER.contentType, env.contentType);
  h.set(HEADER.natsMsgId, env.id);
  return h;
}

const REQUIRED = [
  HEADER.id,
  HEADER.type,
  HEADER.source,
  HEADER.time,
  HEADER.correlationId,
  HEADER.schemaVersion,
  HEADER.contentType,
] as const;

export function envelopeFromHeaders(h: MsgHdrs | undefined): Envelope {
  const missing = REQUIRED.filter((name) => !h?.has(name) || h.get(name) === "");
  if (!h || missing.length > 0) {
    throw new MeshDecodeError(`message lacks envelope headers: ${missing.join(", ")}`);
  }
  const versionText = h.get(HEADER.schemaVersion);
  const schemaVersion = Number(versionText);
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new MeshDecodeError(`header ${HEADER.schemaVersion} "${versionText}" is not a positive integer`);
  }
  return {
    id: h.get(HEADER.id),
    type: h.get(HEADER.type),
    source: h.get(HEADER.source),
    time: h.get(HEADER.time),
    correlationId: h.get(HEADER.correlationId),
    schemaVersion,
    contentType: h.get(HEADER.contentType),
  };
}

/** The parts of a NATS or JetStream message that decoding needs. */
export interface WireMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/**
 * Reads envelope and payload as `def`. A message of another type, of a newer schema version
 * than this code knows, or in another content type is rejected rather than guessed at.
 */
export function decodeMessage<T>(def: MessageDef<T>, msg: WireMessage): Received<T> {
  const envelope = envelopeFromHeaders(msg.headers);
  if (envelope.type !== def.type) {
    throw new MeshDecodeError(`expected a "${def.type}" message on "${msg.subject}", got "${envelope.type}"`);
  }
  if (envelope.schemaVersion > def.version) {
    throw new MeshDecodeError(
      `"${def.type}" schema version ${envelope.schemaVersion} is newer than the supported version ${def.version}`,
    );
  }
  if (envelope.contentType !== codecOf(def).contentType) {
    throw new MeshDecodeError(
      `"${def.type}" expected content type ${codecOf(def).contentType}, got ${envelope.contentType}`,
    );
  }
  let value: T;
  try {
    value = codecOf(def).decode(msg.data);
  } catch (err) {
    if (err instanceof MeshDecodeError) throw err;
    throw new MeshDecodeError(`"${def.type}" payload cannot be decoded: ${(err as Error).message}`, { cause: err });
  }
  return { value, envelope, subject: msg.subject };
}
