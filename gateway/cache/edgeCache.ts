// The gateway's edge cache: serialized answers (body + ETag) keyed by the normalized query, a
// bounded LRU with a TTL, dropped whole on the mesh's update events. A generation number
// stops a fetch that started before an invalidation from storing its (possibly stale) answer.
import type { EdgeCacheOptions } from "../types.ts";

export interface CachedAnswer {
  /** JSON text as sent. */
  body: string;
  /** Strong validator of the body, quoted. */
  etag: string;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export interface EdgeCacheStats {
  size: number;
  hits: number;
  misses: number;
  invalidations: number;
}

/** Holds serialized answers by default; the risk route keeps risk frames (one per region) in its own. */
export interface EdgeCache<V = CachedAnswer> {
  get(key: string): V | undefined;
  /**
   * The value held under `key`, expired or not, without counting a hit or a miss or making it
   * the most recently used: a validator for asking whether it is still current, not an answer.
   */
  peek(key: string): V | undefined;
  /** Read before fetching; pass to set() so that an answer fetched across an invalidation is dropped. */
  generation(): number;
  set(key: string, value: V, generation: number): void;
  /** Drops everything (an update event). */
  invalidate(): void;
  stats(): EdgeCacheStats;
}

export function createEdgeCache<V = CachedAnswer>(opts: EdgeCacheOptions, now: () => number = () => performance.now()): EdgeCache<V> {
  const entries = new Map<string, Entry<V>>();
  let generation = 0;
  const counters = { hits: 0, misses: 0, invalidations: 0 };
  const enabled = opts.maxEntries > 0;

  return {
    get(key) {
      const e = entries.get(key);
      if (!e) {
        counters.misses++;
        return undefined;
      }
      if (e.expiresAt <= now()) {
        entries.delete(key);
        counters.misses++;
        return undefined;
      }
      // Map keeps insertion order: re-inserting makes this the most recently used.
      entries.delete(key);
      entries.set(key, e);
      counters.hits++;
      return e.value;
    },
    peek: (key) => entries.get(key)?.value,
    generation: () => generation,
    set(key, value, gen) {
      if (!enabled || gen !== generation) return;
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + opts.ttlMs });
      if (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value!);
    },
    invalidate() {
      generation++;
      counters.invalidations++;
      entries.clear();
    },
    stats: () => ({ size: entries.size, ...counters }),
  };
}

/** Strong ETag of a body: a fast 64-bit hash is enough to tell two versions of one answer apart. */
export function etagOf(body: string): string {
  return `"${Bun.hash(body).toString(36)}"`;
}
