// Observation batches as Arrow tables (the region-day layout of regionDayTable.ts with the four
// case/death columns). The covid-data worker encodes with observationsToTable, the persistence
// worker decodes with observationsFromTable.
import type { Table } from "apache-arrow";
import { regionDaysFromTable, regionDaysToTable } from "./regionDayTable.ts";
import type { ObservationBatch } from "./types.ts";

export const METRIC_COLUMNS = ["cumCases", "newCases", "cumDeaths", "newDeaths"] as const;

export function observationsToTable(batch: ObservationBatch): Table {
  return regionDaysToTable(batch, batch.columns, METRIC_COLUMNS);
}

export function observationsFromTable(table: Table): ObservationBatch {
  return regionDaysFromTable(table, METRIC_COLUMNS);
}
