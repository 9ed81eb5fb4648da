// Hubverse model-output CSV of hospital-admission forecasts, as the CDC COVID-19 Forecast Hub
// takes them: reference_date,location,horizon,target,target_end_date,output_type,output_type_id,value
// — 23 quantile rows per location and horizon.
import { ForecastInputError } from "../errors.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "../quantileLevels.ts";
import { HOSP_TARGET, type HospForecast } from "./types.ts";

export const HUBVERSE_HEADER = "reference_date,location,horizon,target,target_end_date,output_type,output_type_id,value";

/** CSV text with header, "\n" line ends and a trailing newline; values rounded to 3 decimals like the hub's files. */
export function formatHubverseCsv(forecasts: readonly HospForecast[]): string {
  const lines = [HUBVERSE_HEADER];
  for (const f of forecasts) {
    if (f.quantiles.length !== QUANTILE_COUNT) throw new ForecastInputError(`${f.location} h${f.horizon}: expected ${QUANTILE_COUNT} quantiles, got ${f.quantiles.length}`);
    if (!/^(\d{2}|US)$/.test(f.location)) throw new ForecastInputError(`location ${JSON.stringify(f.location)} is not a hub location code`);
    for (let q = 0; q < QUANTILE_COUNT; q++) {
      const v = f.quantiles[q];
      if (!Number.isFinite(v)) throw new ForecastInputError(`${f.location} h${f.horizon}: quantile ${QUANTILE_LEVELS[q]} is ${v}`);
      lines.push(`${f.referenceDate},${f.location},${f.horizon},${HOSP_TARGET},${f.targetEndDate},quantile,${QUANTILE_LEVELS[q]},${v.toFixed(3)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
