// The exact row count an ingest of a JHU CSSE US time series must store: counties × days.
import { readCsvLines } from "../../cli/testSupport.ts";

/** Counties × days of a JHU US time series (one M/D/YY column per day; deaths has a Population column more). */
export function regionDays(file: string): number {
  const lines = readCsvLines(file);
  return (lines.length - 1) * lines[0]!.split(",").filter((c) => /^\d{1,2}\/\d{1,2}\/\d{2}$/.test(c)).length;
}
