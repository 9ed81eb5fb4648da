import type { NatsConnection } from "@nats-io/transport-node";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { z } from "zod";
import type { Contract } from "./subjects.ts";

/** What travels in NATS headers with every mesh message. */
export interface Envelope {
  /** Unique message id; also sent as Nats-Msg-Id for JetStream deduplication. */
  id: string;
  /** Message type, e.g. "covid.observation-batch". */
  type: string;
  /** The service instance that produced it, e.g. "covid-data@host-a/1234". */
  source: string;
  /** ISO-8601 production time. */
  time: string;
  /** Follows a request through every hop (gateway → workers → replies). */
  correlationId: string;
  schemaVersion: number;
  contentType: string;
}

export interface Codec<T> {
  contentType: string;
  encode(value: T): Uint8Array;
  /** Throws MeshDecodeError when the bytes are not a valid T. */
  decode(bytes: Uint8Array): T;
}

/**
 * A message kind: its type name, schema version and payload. The mesh picks the codec from
 * `encoding` (codecs/codecOf.ts): JSON validated by `schema` (the default), or an Arrow IPC
 * stream, for which `schema` only names the payload type. The contract's kinds (domain/) are
 * plain objects of this shape.
 */
export interface MessageDef<T> {
  type: string;
  version: number;
  encoding?: "json" | "arrow-ipc";
  schema: z.ZodType<T>;
  /** A hand-written codec instead of the encoding's: the risk frames of /v1/risk's hot path. */
  codec?: Codec<T>;
}

/** A connected mesh sidecar: one per service instance. */
export interface Mesh {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  contract: Contract;
  /** Envelope `source` of messages this instance produces. */
  source: string;
  /**
   * JetStream replicas of the streams (and KV buckets) this instance creates: 1 on a single
   * server, 3 on the two-host cluster with its witness node. Unset = 1, existing streams untouched.
   */
  replicas?: number;
  /** Drains subscriptions and closes the connection. Idempotent. */
  close(): Promise<void>;
}

export interface Received<T> {
  value: T;
  envelope: Envelope;
  subject: string;
}
