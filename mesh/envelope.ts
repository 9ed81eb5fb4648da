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
  /** The whole envelope in one header (request/reply hot paths): see envelopeToCompactHeaders. */
  envelope: "Mesh-Envelope",
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

const COMPACT_FORMAT = "1";
const SEP = "|";

/**
 * The envelope as one header, `1|id|type|schemaVersion|contentType|source|time|correlationId`:
 * a request and its reply each carry one header instead of eight, which the client library
 * would otherwise canonicalize and search one by one. A field holding the separator falls back
 * to the one-header-per-field form. Not for JetStream (it needs Nats-Msg-Id).
 */
export function envelopeToCompactHeaders(env: Envelope): MsgHdrs {
  const fields = [env.id, env.type, String(env.schemaVersion), env.contentType, env.source, env.time, env.correlationId];
  if (fields.some((f) => f.includes(SEP))) return envelopeToHeaders(env);
  const h = createHeaders();
  h.set(HEADER.envelope, `${COMPACT_FORMAT}${SEP}${fields.join(SEP)}`);
  return h;
}

/** Was this message's envelope sent in the compact form (a reply then uses it too)? */
export const hasCompactEnvelope = (h: MsgHdrs | undefined): boolean => h?.has(HEADER.envelope) ?? false;

function envelopeFromCompact(value: string): Envelope {
  const f = value.split(SEP);
  if (f.length !== 8 || f[0] !== COMPACT_FORMAT || f.some((x) => x === "")) {
    throw new MeshDecodeError(`header ${HEADER.envelope} is not ${COMPACT_FORMAT}|id|type|version|contentType|source|time|correlationId`);
  }
  const schemaVersion = Number(f[3]);
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) throw new MeshDecodeError(`${HEADER.envelope} schema version "${f[3]}" is not a positive integer`);
  return { id: f[1], type: f[2], schemaVersion, contentType: f[4], source: f[5], time: f[6], correlationId: f[7] };
}

const REQUIRED = [HEADER.id, HEADER.type, HEADER.source, HEADER.time, HEADER.correlationId, HEADER.schemaVersion, HEADER.contentType] as const;

export function envelopeFromHeaders(h: MsgHdrs | undefined): Envelope {
  const compact = h?.get(HEADER.envelope);
  if (compact) return envelopeFromCompact(compact);
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
    throw new MeshDecodeError(`"${def.type}" schema version ${envelope.schemaVersion} is newer than the supported version ${def.version}`);
  }
  if (envelope.contentType !== codecOf(def).contentType) {
    throw new MeshDecodeError(`"${def.type}" expected content type ${codecOf(def).contentType}, got ${envelope.contentType}`);
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
