// Storage for a read-only service on a host with a streaming replica: every call goes to the
// primary (fresh data, read-your-writes after a commit event), and only when the primary cannot
// be reached does it go to the local replica. So a host keeps answering from its own data, and
// can even restart, while the primary's host is lost. Writes on the replica fail (read-only).
import type { Storage } from "../sql/mod.ts";

export interface ReplicaFallbackOptions {
  /** True for "the database is unreachable" errors (StorageUnavailableError). */
  isOutage: (err: unknown) => boolean;
  /** Called when a call was answered by the replica. */
  onFallback?: (method: string, err: unknown) => void;
}

export function withReplicaFallback(primary: Storage, replica: Storage, opts: ReplicaFallbackOptions): Storage {
  return new Proxy(primary, {
    get(target, prop, receiver) {
      if (prop === "close") {
        return async () => {
          await Promise.allSettled([primary.close(), replica.close()]);
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function") return value;
      // Every Storage method is async: a wrapper returning a promise keeps the signature.
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (err) {
          if (!opts.isOutage(err)) throw err;
          opts.onFallback?.(String(prop), err);
          const onReplica = Reflect.get(replica, prop) as (...a: unknown[]) => Promise<unknown>;
          return onReplica.apply(replica, args);
        }
      };
    },
  });
}
