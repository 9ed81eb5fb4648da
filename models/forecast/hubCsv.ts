// Forecast Hub CSV: forecast_date,target,target_end_date,location,type,quantile,value — one
// point row (the median; quantile NA, as in the hub's files) and 23 quantile rows per target and horizon.
import { lastObservedSaturday, targetEndDate } from "./epiweek.ts";
import { MEDIAN_INDEX, QUANTILE_COUNT, QUANTILE_LEVELS } from "./quantileLevels.ts";
import { ForecastInputError } from "./errors.ts";
import type { HubRow, TargetKind } from "./types.ts";
import { isoOfDay } from "../../domain/mod.ts";

export const HUB_CSV_HEADER = "forecast_date,target,target_end_date,location,type,quantile,value";

export interface HubForecast {
  /** Monday, as a day number. */
  forecastDate: number;
  location: string;
  target: TargetKind;
  /** horizons × 23 quantiles, horizon-major. */
  quantiles: Float64Array;
}

/** Hub rows of one location/target forecast, horizons 1 … quantiles.length / 23. */
export function hubRows(f: HubForecast): HubRow[] {
  if (f.quantiles.length === 0 || f.quantiles.length % QUANTILE_COUNT !== 0) {
    throw new ForecastInputError(`expected a multiple of ${QUANTILE_COUNT} quantile values, got ${f.quantiles.length}`);
  }
  if (f.location === "" || /[",\n\r]/.test(f.location)) throw new ForecastInputError(`location ${JSON.stringify(f.location)} cannot be written to CSV`);
  const saturday = lastObservedSaturday(f.forecastDate);
  const forecastDate = isoOfDay(f.forecastDate);
  const rows: HubRow[] = [];
  for (let h = 1; h <= f.quantiles.length / QUANTILE_COUNT; h++) {
    const target = `${h} wk ahead ${f.target}`;
    const targetEnd = isoOfDay(targetEndDate(saturday, h));
    const off = (h - 1) * QUANTILE_COUNT;
    const base = { forecastDate, target, targetEndDate: targetEnd, location: f.location };
    rows.push({ ...base, type: "point", quantile: null, value: f.quantiles[off + MEDIAN_INDEX] });
    for (let q = 0; q < QUANTILE_COUNT; q++) {
      rows.push({ ...base, type: "quantile", quantile: QUANTILE_LEVELS[q], value: f.quantiles[off + q] });
    }
  }
  return rows;
}

/** CSV text with header, "\n" line ends, and a trailing newline. */
export function formatHubCsv(rows: HubRow[]): string {
  const lines = [HUB_CSV_HEADER];
  for (const r of rows) {
    if (!Number.isFinite(r.value)) throw new ForecastInputError(`${r.location} ${r.target}: value ${r.value} is not finite`);
    lines.push(`${r.forecastDate},${r.target},${r.targetEndDate},${r.location},${r.type},${r.quantile === null ? "NA" : r.quantile},${r.value}`);
  }
  return `${lines.join("\n")}\n`;
}
