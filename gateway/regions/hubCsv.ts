// A forecast as Forecast Hub submission CSV: one point row and 23 quantile rows per target.
import type { Forecast, HospForecastAnswer } from "../../domain/mod.ts";
import { MeshRemoteError } from "../../mesh/mod.ts";

export const HUB_CSV_TYPE = "text/csv; charset=UTF-8";
const HEADER = "forecast_date,target,target_end_date,location,type,quantile,value";

/** The hubverse model-output CSV the worker wrote (models/forecast/hosp formatHubverseCsv) for format=hubverse. */
export function hubverseCsvOf(f: HospForecastAnswer): string {
  if (f.hubverseCsv === undefined) throw new MeshRemoteError("hubverse_missing", "the worker sent no hubverse CSV", 502);
  return f.hubverseCsv;
}

export function forecastToHubCsv(f: Forecast): string {
  const lines = [HEADER];
  for (const t of f.targets) {
    const prefix = `${f.forecastDate},${t.target},${t.targetEndDate},${f.location}`;
    lines.push(`${prefix},point,NA,${t.point}`);
    for (const q of t.quantiles) lines.push(`${prefix},quantile,${q.quantile},${q.value}`);
  }
  return lines.join("\n") + "\n";
}
