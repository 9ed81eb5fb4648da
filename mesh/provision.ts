// Idempotent provisioning: every instance ensures the streams and consumers it needs at
// start, so deploy order does not matter and config drift is corrected (where NATS allows).
// Written for nats-server 2.9: one filter_subject per consumer, no metadata.
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerUpdateConfig,
  type JetStreamManager,
  type StreamInfo,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { MeshProvisionError } from "./errors.ts";
import type { StreamSpec } from "./subjects.ts";
import type { Mesh } from "./types.ts";

/** Server codes for "name already in use" on a create race between two instances. */
const STREAM_NAME_IN_USE = 10058;
const CONSUMER_NAME_IN_USE = 10013;

function apiCode(err: unknown): number | undefined {
  return err instanceof JetStreamApiError ? err.code : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function streamInfoOrNull(jsm: JetStreamManager, name: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(name);
  } catch (err) {
    if (apiCode(err) === JetStreamApiCodes.StreamNotFound) return null;
    throw new MeshProvisionError(`cannot read stream ${name}: ${describe(err)}`, { cause: err });
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

export interface EnsureStreamOptions {
  /**
   * Replicas (R1 on one server, R3 on a three-node cluster). Given: new streams get it and
   * existing ones are scaled to it. Omitted: new streams are R1 and existing ones keep theirs.
   */
  replicas?: number;
}

/** Creates the stream, or brings an existing one to the spec. Retention cannot change. */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec, opts: EnsureStreamOptions = {}): Promise<StreamInfo> {
  const retention = spec.retention === "workqueue" ? RetentionPolicy.Workqueue : RetentionPolicy.Limits;
  const wanted = {
    subjects: spec.subjects,
    max_age: nanos(spec.maxAgeMs),
    duplicate_window: nanos(spec.duplicateWindowMs),
    // A cap with a discard policy: a full work queue refuses new jobs instead of losing queued ones.
    max_bytes: spec.maxBytes ?? -1,
    discard: spec.discard === "new" ? DiscardPolicy.New : DiscardPolicy.Old,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await streamInfoOrNull(jsm, spec.name);
    if (!existing) {
      try {
        return await jsm.streams.add({
          name: spec.name,
          retention,
          storage: StorageType.File,
          num_replicas: opts.replicas ?? 1,
          ...wanted,
        });
      } catch (err) {
        // Another instance created it between our info and add: reconcile with theirs.
        if (apiCode(err) === STREAM_NAME_IN_USE && attempt === 0) continue;
        throw new MeshProvisionError(`cannot create stream ${spec.name}: ${describe(err)}`, { cause: err });
      }
    }
    const cfg = existing.config;
    if (cfg.retention !== retention) {
      throw new MeshProvisionError(
        `stream ${spec.name} exists with retention "${cfg.retention}" but the contract wants "${retention}"; ` +
          `retention cannot change after creation: delete the stream (or migrate its data) and restart`,
      );
    }
    const rescale = opts.replicas !== undefined && cfg.num_replicas !== opts.replicas;
    const drifted =
      rescale ||
      !sameSet(cfg.subjects ?? [], wanted.subjects) ||
      cfg.max_age !== wanted.max_age ||
      cfg.duplicate_window !== wanted.duplicate_window ||
      cfg.max_bytes !== wanted.max_bytes ||
      (cfg.discard ?? DiscardPolicy.Old) !== wanted.discard;
    if (!drifted) return existing;
    try {
      return await jsm.streams.update(spec.name, rescale ? { ...wanted, num_replicas: opts.replicas } : wanted);
    } catch (err) {
      throw new MeshProvisionError(`cannot update stream ${spec.name}: ${describe(err)}`, { cause: err });
    }
  }
  throw new MeshProvisionError(`stream ${spec.name} could not be reconciled`);
}

/** Ensures every stream of the mesh's contract, with the mesh's replica count. */
export async function ensureStreams(mesh: Mesh): Promise<StreamInfo[]> {
  const infos: StreamInfo[] = [];
  const opts = mesh.replicas !== undefined ? { replicas: mesh.replicas } : {};
  for (const spec of Object.values(mesh.contract.streams)) infos.push(await ensureStream(mesh.jsm, spec, opts));
  return infos;
}

export type DurableConsumerConfig = Partial<ConsumerConfig> & { durable_name: string };

/** Fields a 2.9 server refuses to change on an existing consumer. */
const IMMUTABLE = ["ack_policy", "deliver_policy", "filter_subject", "replay_policy", "deliver_subject"] as const;
/** Fields it can update in place. */
const MUTABLE = ["description", "ack_wait", "max_deliver", "max_ack_pending", "max_waiting", "backoff", "max_batch", "max_expires", "inactive_threshold"] as const;

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = (a ?? []) as unknown[];
    const y = (b ?? []) as unknown[];
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return (a ?? undefined) === (b ?? undefined);
}

async function consumerInfoOrNull(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (apiCode(err) === JetStreamApiCodes.ConsumerNotFound) return null;
    throw new MeshProvisionError(`cannot read consumer ${stream}/${durable}: ${describe(err)}`, { cause: err });
  }
}

/**
 * Creates a durable pull consumer (explicit ack unless told otherwise), or updates the
 * mutable fields of an existing one. Changing an immutable field is an error, not a silent
 * delete-and-recreate: that would lose the consumer's ack state.
 */
export async function ensureConsumer(jsm: JetStreamManager, stream: string, config: DurableConsumerConfig): Promise<ConsumerInfo> {
  const wanted: DurableConsumerConfig = {
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ...config,
  };
  const durable = wanted.durable_name;
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await consumerInfoOrNull(jsm, stream, durable);
    if (!existing) {
      try {
        return await jsm.consumers.add(stream, wanted);
      } catch (err) {
        if (apiCode(err) === CONSUMER_NAME_IN_USE && attempt === 0) continue;
        throw new MeshProvisionError(`cannot create consumer ${stream}/${durable}: ${describe(err)}`, { cause: err });
      }
    }
    const have = existing.config as unknown as Record<string, unknown>;
    const want = wanted as unknown as Record<string, unknown>;
    for (const field of IMMUTABLE) {
      if (field in want && !sameValue(have[field], want[field])) {
        throw new MeshProvisionError(
          `consumer ${stream}/${durable} exists with ${field}=${JSON.stringify(have[field])} but ` +
            `${JSON.stringify(want[field])} is wanted; this field cannot change: delete the consumer or use another durable name`,
        );
      }
    }
    const changes: Record<string, unknown> = {};
    for (const field of MUTABLE) {
      if (field in want && !sameValue(have[field], want[field])) changes[field] = want[field];
    }
    if (Object.keys(changes).length === 0) return existing;
    try {
      return await jsm.consumers.update(stream, durable, changes as Partial<ConsumerUpdateConfig>);
    } catch (err) {
      throw new MeshProvisionError(`cannot update consumer ${stream}/${durable}: ${describe(err)}`, { cause: err });
    }
  }
  throw new MeshProvisionError(`consumer ${stream}/${durable} could not be reconciled`);
}
