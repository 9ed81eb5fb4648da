// Source id → adapter. The ingest job names its source by id; workers look the adapter up here.
import { UnknownSourceError } from "./errors.ts";
import { jhuLookupAdapter } from "./sources/jhuLookupAdapter.ts";
import { jhuUsCasesAdapter, jhuUsDeathsAdapter } from "./sources/jhuUsAdapter.ts";
import type { SourceAdapter } from "./types.ts";

/** Region-days per observations event: 32768 × 24 bytes ≈ 790 KB of Arrow, under NATS's 1 MB. */
export const DEFAULT_BATCH_VALUES = 32_768;

export const adapters: Readonly<Record<string, SourceAdapter>> = Object.freeze({
  [jhuUsCasesAdapter.id]: jhuUsCasesAdapter,
  [jhuUsDeathsAdapter.id]: jhuUsDeathsAdapter,
  [jhuLookupAdapter.id]: jhuLookupAdapter,
});

export function getAdapter(id: string): SourceAdapter {
  const adapter = Object.hasOwn(adapters, id) ? adapters[id] : undefined;
  if (!adapter) throw new UnknownSourceError(id, Object.keys(adapters));
  return adapter;
}
