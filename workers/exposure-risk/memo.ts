// Values derived from one snapshot (per-region metrics, forecasts, the search index), computed
// on first use and dropped with the snapshot. Bounded: past maxEntries the oldest go first.

export interface SnapshotMemo {
  once<T>(key: string, compute: () => T): T;
  size(): number;
}

export function createSnapshotMemo(maxEntries = 20_000): SnapshotMemo {
  const values = new Map<string, unknown>();
  return {
    once<T>(key: string, compute: () => T): T {
      if (values.has(key)) return values.get(key) as T;
      const v = compute();
      values.set(key, v);
      if (values.size > maxEntries) values.delete(values.keys().next().value!);
      return v;
    },
    size: () => values.size,
  };
}
