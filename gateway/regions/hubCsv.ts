// Forecasts as CSV: the Forecast Hub submission CSV of a case/death forecast (written by
// models/forecast/hubCsv.ts), and the hubverse CSV of an admission forecast as the worker sent it.
import { formatHubCsv, type HubRow } from "../../models/forecast/mod.ts";
import { ProblemError } from "../problem.ts";
import type { Forecast, HospForecastAnswer } from "../../domain/mod.ts";

export const HUB_CSV_TYPE = "text/csv; charset=UTF-8";

/** The hubverse model-output CSV the worker wrote (models/forecast/hosp formatHubverseCsv) for format=hubverse. */
export function hubverseCsvOf(f: HospForecastAnswer): string {
  if (f.hubverseCsv === undefined) throw new ProblemError(502, "Bad Gateway", "the worker sent no hubverse CSV");
  return f.hubverseCsv;
}

/** One point row and 23 quantile rows per target. */
export function forecastToHubCsv(f: Forecast): string {
  const rows: HubRow[] = f.targets.flatMap((t) => {
    const base = { forecastDate: f.forecastDate, target: t.target, targetEndDate: t.targetEndDate, location: f.location };
    return [
      { ...base, type: "point" as const, quantile: null, value: t.point },
      ...t.quantiles.map((q) => ({ ...base, type: "quantile" as const, quantile: q.quantile, value: q.value })),
    ];
  });
  return formatHubCsv(rows);
}
