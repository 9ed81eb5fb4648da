// PGlite on a worker thread. PGlite runs Postgres compiled to WASM on the caller's thread: a
// large COPY, upsert or snapshot query holds that thread's event loop for its whole duration.
// With `npm start` the storage process also answers risk queries, so there PGlite runs on a
// worker thread and only the (structured-cloned) results cross to the main thread.
//
// The client offers what drizzle's PGlite session uses: query(sql, params, { rowMode }) and
// transaction(fn). PGlite has one session, so a transaction holds a lock that other queries wait
// for (as PGlite's own transaction mutex does); BEGIN/COMMIT/ROLLBACK frame the callback.
import { StorageError } from "../errors.ts";
import type { ThreadReply, ThreadRequest, ThreadResult } from "./pgliteThreadProtocol.ts";
import type { SeriesDecoder } from "../seriesDecode.ts";

export class PgliteThreadError extends StorageError {}

/** A driver error rebuilt from the worker's plain copy: `code` (SQLSTATE) and the rest kept. */
function rebuild(fields: Record<string, unknown>): Error {
  const err = new Error(String(fields.message ?? "PGlite error"));
  Object.assign(err, fields);
  return err;
}

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

export interface QueryOptions {
  rowMode?: "array" | "object";
  /** The data of a COPY … FROM '/dev/blob', as PGlite takes it. */
  blob?: Blob;
}

export interface PgliteThreadClient {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<ThreadResult>;
  transaction<T>(fn: (tx: Pick<PgliteThreadClient, "query">) => Promise<T>): Promise<T>;
  /** Runs a series query and decodes its rows on the thread (seriesDecode.ts); the typed arrays come back by transfer. */
  decode(sql: string, params: unknown[], decoder: SeriesDecoder): Promise<unknown>;
  close(): Promise<void>;
}

export function startPgliteThread(dataDir: string | undefined): PgliteThreadClient {
  const worker = new Worker(new URL("./pgliteWorker.ts", import.meta.url).href);
  const pending = new Map<number, { resolve(r: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let closed = false;
  worker.onmessage = (ev: MessageEvent<ThreadReply>) => {
    const p = pending.get(ev.data.id);
    if (!p) return;
    pending.delete(ev.data.id);
    if ("error" in ev.data) p.reject(rebuild(ev.data.error));
    else p.resolve("decoded" in ev.data ? ev.data.decoded : ev.data.result);
  };
  worker.onerror = (ev) => {
    const err = new PgliteThreadError(`the PGlite worker thread failed: ${ev.message}`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const send = <R = ThreadResult | null>(m: Distribute<ThreadRequest>, transfer: ArrayBuffer[] = []): Promise<R> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new PgliteThreadError("the PGlite worker thread is closed"));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      worker.postMessage({ ...m, id } as ThreadRequest, transfer);
    });
  const run = async (sql: string, params: unknown[] = [], options: QueryOptions = {}) => {
    // A COPY's data crosses as bytes (its own copy of the blob, transferred, not cloned).
    const blob = options.blob ? new Uint8Array(await options.blob.arrayBuffer()) : undefined;
    const request = { op: "query" as const, sql, params, rowMode: options.rowMode ?? "object", ...(blob ? { blob } : {}) };
    return (await send<ThreadResult | null>(request, blob ? [blob.buffer as ArrayBuffer] : []))!;
  };

  const opened = send({ op: "open", dataDir });
  // One holder at a time: a transaction's statements must not interleave with other queries.
  let lock: Promise<unknown> = opened;
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = lock.then(fn, fn);
    lock = result.catch(() => undefined);
    return result;
  };

  return {
    query: (sql, params, options) => exclusive(() => run(sql, params, options)),
    decode: (sql, params, decoder) => exclusive(() => send({ op: "decode", sql, params, decoder })),
    transaction: (fn) =>
      exclusive(async () => {
        await run("BEGIN");
        try {
          const out = await fn({ query: (sql, params, options) => run(sql, params, options) });
          await run("COMMIT");
          return out;
        } catch (err) {
          await run("ROLLBACK").catch(() => undefined);
          throw err;
        }
      }),
    async close() {
      if (closed) return;
      await exclusive(() => send({ op: "close" })).catch(() => undefined);
      closed = true;
      worker.terminate();
    },
  };
}
