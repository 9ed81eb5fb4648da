// Mobility (social-activity) batches as Arrow tables: the region-day layout of regionDayTable.ts
// with the seven percent-change columns.
import type { Table } from "apache-arrow";
import { regionDaysFromTable, regionDaysToTable } from "./regionDayTable.ts";
import type { MobilityBatch } from "./types.ts";

export const MOBILITY_VALUE_COLUMNS = ["retailAndRecreation", "groceryAndPharmacy", "parks", "transitStations", "workplaces", "residential", "awayFromHome"] as const;

export function mobilityToTable(batch: MobilityBatch): Table {
  return regionDaysToTable(batch, batch.columns, MOBILITY_VALUE_COLUMNS);
}

export function mobilityFromTable(table: Table): MobilityBatch {
  return regionDaysFromTable(table, MOBILITY_VALUE_COLUMNS);
}
