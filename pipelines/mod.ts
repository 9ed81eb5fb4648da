// Public API of the pipelines package: open a source, read CSV rows, adapt them to regions /
// observation columns / quarantine rows, and move observation batches as Arrow tables.
export { openSource } from "./openSource.ts";
export { csvRows } from "./csvRows.ts";
export { observationsToTable, observationsFromTable, METRIC_COLUMNS } from "./observationTable.ts";
export { mobilityToTable, mobilityFromTable, MOBILITY_VALUE_COLUMNS } from "./mobilityTable.ts";
export { adapters, getAdapter, getCsvAdapter, isObservationDataset, DEFAULT_BATCH_VALUES } from "./registry.ts";
export { createJhuUsAdapter, jhuUsCasesAdapter, jhuUsDeathsAdapter, JHU_US_DATASET } from "./sources/jhuUsAdapter.ts";
export { jhuLookupAdapter, JHU_LOOKUP_DATASET } from "./sources/jhuLookupAdapter.ts";
export { jhuGlobalCasesAdapter, jhuGlobalDeathsAdapter, JHU_GLOBAL_DATASET } from "./sources/jhuGlobalAdapter.ts";
export { nytUsStatesAdapter, nytUsCountiesAdapter, NYT_US_DATASET } from "./sources/nytAdapter.ts";
export { NYT_JOPLIN, NYT_KANSAS_CITY, NYT_NEW_YORK_CITY } from "./sources/nytGeographies.ts";
export { ecdcWeeklyAdapter, ECDC_DATASET } from "./sources/ecdcWeeklyAdapter.ts";
export { googleMobilityAdapter, GOOGLE_MOBILITY_DATASET } from "./sources/googleMobilityAdapter.ts";
export { iso31662Uid } from "./sources/googleRegions.ts";
export { oiMobilityStateAdapter, OI_MOBILITY_DATASET } from "./sources/oiMobilityAdapter.ts";
export { parseYearWeek, isoWeekEndDay } from "./sources/isoWeek.ts";
export { MAX_REGIONS_PER_EVENT, MAX_QUARANTINE_PER_EVENT, MAX_RAW_CHARS } from "./sources/pendingEvents.ts";
export * from "./errors.ts";
export type * from "./types.ts";
export { weeklyToTable, weeklyFromTable } from "./weeklyTable.ts";
export { parquetFromStream, parquetFromBytes, DEFAULT_MAX_PARQUET_BYTES } from "./parquetBytes.ts";
export { covidhubHospAdapter, covidhubHospVintagesAdapter, COVIDHUB_HOSP_VINTAGES_SOURCE } from "./sources/covidhubHospAdapter.ts";
export { covidhubTimeSeriesAdapter, HUB_TARGETS } from "./sources/covidhubTimeSeriesAdapter.ts";
export { nsspEdVisitsAdapter, NSSP_MISSING } from "./sources/nsspEdVisitsAdapter.ts";
export { DEFAULT_MAX_RECORD_CHARS } from "./csvRows.ts";
export { DEFAULT_DECOMPRESSION_LIMITS, DecompressionLimitError, type DecompressionLimits } from "./gunzipLimits.ts";
export { DEFAULT_INGEST_LIMITS, ingestLimitsFromEnv, QuarantineLimitError, type IngestLimits } from "./limits.ts";
export { SourceNotAllowedError, SourceTimeoutError } from "./fetchErrors.ts";
export {
  checkUrlAllowed,
  isPublicAddress,
  resolveAllowed,
  sourceFetchPolicy,
  DEFAULT_FETCH_TIMEOUTS,
  type FetchPolicy,
  type ResolvedAddress,
  type SourceFetchConfig,
} from "./fetchPolicy.ts";
export { guardedFetch } from "./guardedFetch.ts";
export { SOURCE_HOSTS, registryHostsOf } from "./sourceHosts.ts";
export { fileInsideRoot } from "./fileRoot.ts";
