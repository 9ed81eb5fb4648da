// Source id → adapter. The ingest job names its source by id; workers look the adapter up here.
import { UnknownSourceError } from "./errors.ts";
import { jhuLookupAdapter } from "./sources/jhuLookupAdapter.ts";
import { jhuUsCasesAdapter, jhuUsDeathsAdapter } from "./sources/jhuUsAdapter.ts";
import { jhuGlobalCasesAdapter, jhuGlobalDeathsAdapter } from "./sources/jhuGlobalAdapter.ts";
import { nytUsCountiesAdapter, nytUsStatesAdapter } from "./sources/nytAdapter.ts";
import { ecdcWeeklyAdapter } from "./sources/ecdcWeeklyAdapter.ts";
import { googleMobilityAdapter } from "./sources/googleMobilityAdapter.ts";
import { oiMobilityStateAdapter } from "./sources/oiMobilityAdapter.ts";
import type { SourceAdapter } from "./types.ts";

/** Region-days per observations event: 32768 × 24 bytes ≈ 790 KB of Arrow, under NATS's 1 MB. */
export const DEFAULT_BATCH_VALUES = 32_768;

export const adapters: Readonly<Record<string, SourceAdapter>> = Object.freeze({
  [jhuUsCasesAdapter.id]: jhuUsCasesAdapter,
  [jhuUsDeathsAdapter.id]: jhuUsDeathsAdapter,
  [jhuLookupAdapter.id]: jhuLookupAdapter,
  [jhuGlobalCasesAdapter.id]: jhuGlobalCasesAdapter,
  [jhuGlobalDeathsAdapter.id]: jhuGlobalDeathsAdapter,
  [nytUsStatesAdapter.id]: nytUsStatesAdapter,
  [nytUsCountiesAdapter.id]: nytUsCountiesAdapter,
  [ecdcWeeklyAdapter.id]: ecdcWeeklyAdapter,
  [googleMobilityAdapter.id]: googleMobilityAdapter,
  [oiMobilityStateAdapter.id]: oiMobilityStateAdapter,
});

export function getAdapter(id: string): SourceAdapter {
  const adapter = Object.hasOwn(adapters, id) ? adapters[id] : undefined;
  if (!adapter) throw new UnknownSourceError(id, Object.keys(adapters));
  return adapter;
}
