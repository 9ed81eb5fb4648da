// NATS KV buckets of the contract: opened (created when missing) with the mesh's JetStream
// client. KV lives in JetStream, so it is part of the mesh like any stream.
import { Kvm, type KV, type KvOptions } from "@nats-io/kv";
import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { MeshKvError } from "./errors.ts";
import type { Mesh } from "./types.ts";

/** Server code for a compare-and-set that lost: the key's revision moved on. */
export const KV_WRONG_LAST_SEQUENCE = JetStreamApiCodes.StreamWrongLastSequence; // 10071
/**
 * The same refusal without the sequence in its text ("wrong last sequence"): nats-server 2.15
 * answers it on a replicated stream (the R3 buckets of the two-host cluster) while another write
 * to the key is still being proposed. Compose run 31: a job record's create lost such a race and
 * the ingest failed instead of retrying. Measured with 8 concurrent creates, then updates, of
 * one key, 20 rounds: on a 3-node 2.15.1 cluster 264 of the 280 losers got 10164; on a single
 * 2.15.1 or the machine's 2.9.10 every loser got 10071.
 */
export const KV_WRONG_LAST_SEQUENCE_UNKNOWN = JetStreamApiCodes.StreamWrongLastSequenceUnknown; // 10164

export async function openBucket(mesh: Mesh, name: string, opts: Partial<KvOptions> = {}): Promise<KV> {
  try {
    // Replicated like the mesh's streams (R3 on the two-host cluster): a bucket on one node
    // would be lost with that node's host.
    const replicas = mesh.replicas !== undefined ? { replicas: mesh.replicas } : {};
    return await new Kvm(mesh.js).create(name, { history: 1, ...replicas, ...opts });
  } catch (err) {
    throw new MeshKvError(`cannot open KV bucket ${name}: ${(err as Error).message}`, { cause: err });
  }
}

/** True when a KV create/update failed because someone else wrote the key first. */
export function isRevisionConflict(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === KV_WRONG_LAST_SEQUENCE || err.code === KV_WRONG_LAST_SEQUENCE_UNKNOWN);
}

/** Deletes the contract's KV buckets (tests and `reset` tooling). */
export async function deleteContractBuckets(mesh: Mesh): Promise<void> {
  for (const bucket of Object.values(mesh.contract.kv)) {
    await mesh.jsm.streams.delete(`KV_${bucket}`).catch(() => false);
  }
}
