// Source id → adapter. The ingest job names its source by id; workers look the adapter up here.
import { NotCsvSourceError, UnknownSourceError } from "./errors.ts";
import { jhuLookupAdapter } from "./sources/jhuLookupAdapter.ts";
import { jhuUsCasesAdapter, jhuUsDeathsAdapter } from "./sources/jhuUsAdapter.ts";
import { jhuGlobalCasesAdapter, jhuGlobalDeathsAdapter } from "./sources/jhuGlobalAdapter.ts";
import { nytUsCountiesAdapter, nytUsStatesAdapter } from "./sources/nytAdapter.ts";
import { ecdcWeeklyAdapter } from "./sources/ecdcWeeklyAdapter.ts";
import { googleMobilityAdapter } from "./sources/googleMobilityAdapter.ts";
import { oiMobilityStateAdapter } from "./sources/oiMobilityAdapter.ts";
import { covidhubHospAdapter, covidhubHospVintagesAdapter } from "./sources/covidhubHospAdapter.ts";
import { covidhubTimeSeriesAdapter } from "./sources/covidhubTimeSeriesAdapter.ts";
import { nsspEdVisitsAdapter } from "./sources/nsspEdVisitsAdapter.ts";
import type { AnySourceAdapter, SourceAdapter } from "./types.ts";

/** Region-days per observations event: 32768 × 24 bytes ≈ 790 KB of Arrow, under NATS's 1 MB. */
export const DEFAULT_BATCH_VALUES = 32_768;

export const adapters: Readonly<Record<string, AnySourceAdapter>> = Object.freeze({
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
  // Weekly CDC indicators (domain/weekly.ts).
  [covidhubHospAdapter.id]: covidhubHospAdapter,
  [covidhubHospVintagesAdapter.id]: covidhubHospVintagesAdapter,
  [covidhubTimeSeriesAdapter.id]: covidhubTimeSeriesAdapter,
  [nsspEdVisitsAdapter.id]: nsspEdVisitsAdapter,
});

export function getAdapter(id: string): AnySourceAdapter {
  const adapter = Object.hasOwn(adapters, id) ? adapters[id] : undefined;
  if (!adapter) throw new UnknownSourceError(id, Object.keys(adapters));
  return adapter;
}

/** An adapter that reads CSV rows (every source but the parquet ones), for callers that only stream CSV. */
export function getCsvAdapter(id: string): SourceAdapter {
  const adapter = getAdapter(id);
  if (adapter.format === "parquet") throw new NotCsvSourceError(id);
  return adapter;
}

/**
 * False for a dataset that registered adapters write only as something else than daily
 * observations (mobility, weekly indicators, the region lookup): the risk snapshot must not load
 * it as daily cases/deaths. A dataset no adapter names (pushed reports, tests) counts as observations.
 */
export function isObservationDataset(dataset: string): boolean {
  const writers = Object.values(adapters).filter((a) => a.dataset === dataset);
  return writers.length === 0 || writers.some((a) => a.writes === "observations");
}
