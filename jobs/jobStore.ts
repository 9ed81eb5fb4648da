// Job state in NATS KV: one key per job id, holding its JobRecord. Writers never overwrite
// blindly: each change is a read-modify-write with compare-and-set on the key's revision, and
// retried when another writer got there first, so concurrent writers lose nothing.
import type { KV } from "@nats-io/kv";
import { isRevisionConflict, type Mesh, MeshDecodeError, MeshKvError, openBucket } from "../mesh/mod.ts";
import { DAY_MS, jobRecordSchema, type JobRecord } from "../domain/mod.ts";
import { isTerminal } from "./jobRecord.ts";

const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface JobStore {
  readonly bucket: string;
  get(jobId: string): Promise<JobRecord | null>;
  /**
   * Applies `change` to the current record (null when none) and stores the result, atomically
   * with respect to other writers. Returns the stored record.
   */
  update(jobId: string, change: (current: JobRecord | null) => JobRecord): Promise<JobRecord>;
  /**
   * Follows the record until the job is done or failed, or `timeoutMs` passes. Resolves with
   * the last record seen (null if the job never appeared). `onChange` sees every version.
   * Aborting `signal` stops following early.
   */
  follow(jobId: string, timeoutMs: number, onChange?: (r: JobRecord) => void, signal?: AbortSignal): Promise<JobRecord | null>;
}

export interface JobStoreOptions {
  /** How long a job record is kept (default 7 days, like the JOB_EVENTS stream). */
  ttlMs?: number;
  /** Attempts of one compare-and-set update before giving up (default 50). */
  maxAttempts?: number;
}

export async function openJobStore(mesh: Mesh, opts: JobStoreOptions = {}): Promise<JobStore> {
  const bucket = mesh.contract.kv.jobs;
  const kv = await openBucket(mesh, bucket, { ttl: opts.ttlMs ?? 7 * DAY_MS, description: "covid-mesh job state" });
  return createJobStore(kv, bucket, opts.maxAttempts ?? 50);
}

function decode(bucket: string, bytes: Uint8Array): JobRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new MeshDecodeError(`job record in ${bucket} is not JSON`, { cause: err });
  }
  const parsed = jobRecordSchema.safeParse(raw);
  if (!parsed.success) throw new MeshDecodeError(`job record in ${bucket} does not match its schema`, { cause: parsed.error });
  return parsed.data;
}

function encode(record: JobRecord): Uint8Array {
  return encoder.encode(JSON.stringify(jobRecordSchema.parse(record)));
}

function createJobStore(kv: KV, bucket: string, maxAttempts: number): JobStore {
  async function read(jobId: string): Promise<{ record: JobRecord | null; revision: number }> {
    let entry;
    try {
      entry = await kv.get(jobId);
    } catch (err) {
      throw new MeshKvError(`cannot read job ${jobId} from ${bucket}: ${(err as Error).message}`, { cause: err });
    }
    if (entry?.operation !== "PUT" || entry.length === 0) return { record: null, revision: entry?.revision ?? 0 };
    return { record: decode(bucket, entry.value), revision: entry.revision };
  }

  return {
    bucket,

    async get(jobId) {
      return (await read(jobId)).record;
    },

    async update(jobId, change) {
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const { record, revision } = await read(jobId);
        const next = change(record);
        if (record && JSON.stringify(next) === JSON.stringify(record)) return record;
        try {
          // revision 0 = the key has never existed (or was purged): create must find it absent.
          if (revision === 0) await kv.create(jobId, encode(next));
          else await kv.update(jobId, encode(next), revision);
          return next;
        } catch (err) {
          if (isRevisionConflict(err)) {
            // Lost the race: re-read and apply the change again, with a little jitter.
            await sleep(Math.random() * Math.min(50, attempt * 2));
            continue;
          }
          throw new MeshKvError(`cannot write job ${jobId} to ${bucket}: ${(err as Error).message}`, { cause: err });
        }
      }
      throw new MeshKvError(`job ${jobId}: ${maxAttempts} concurrent updates in a row lost the race; giving up`);
    },

    async follow(jobId, timeoutMs, onChange, signal) {
      let last: JobRecord | null = null;
      let watcher;
      try {
        watcher = await kv.watch({ key: jobId });
      } catch (err) {
        throw new MeshKvError(`cannot watch job ${jobId} in ${bucket}: ${(err as Error).message}`, { cause: err });
      }
      const timer = setTimeout(() => watcher.stop(), Math.max(0, timeoutMs));
      const abort = () => watcher.stop();
      signal?.addEventListener("abort", abort, { once: true });
      if (signal?.aborted) watcher.stop();
      try {
        for await (const e of watcher) {
          if (e.operation !== "PUT" || e.length === 0) continue;
          last = decode(bucket, e.value);
          onChange?.(last);
          if (isTerminal(last.state)) break;
        }
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", abort);
        watcher.stop();
      }
      return last;
    },
  };
}
