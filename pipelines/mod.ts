// Public API of the pipelines package: open a source, read CSV rows, adapt them to regions /
// observation columns / quarantine rows, and move observation batches as Arrow tables.
export { openSource } from "./openSource.ts";
export { csvRows } from "./csvRows.ts";
export { observationsToTable, observationsFromTable, METRIC_COLUMNS } from "./observationTable.ts";
export { adapters, getAdapter, DEFAULT_BATCH_VALUES } from "./registry.ts";
export { createJhuUsAdapter, jhuUsCasesAdapter, jhuUsDeathsAdapter, JHU_US_DATASET } from "./sources/jhuUsAdapter.ts";
export { jhuLookupAdapter, JHU_LOOKUP_DATASET } from "./sources/jhuLookupAdapter.ts";
export { MAX_REGIONS_PER_EVENT, MAX_QUARANTINE_PER_EVENT, MAX_RAW_CHARS } from "./sources/pendingEvents.ts";
export * from "./errors.ts";
export type * from "./types.ts";
