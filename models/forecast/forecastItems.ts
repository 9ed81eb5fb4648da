// What a model sees at one forecast date, and the truth it is later scored against: shared by
// the backtest and the rolling-origin parameter selection so that both cut the data the same
// way. The input is sliced after the Saturday before the forecast Monday, so no model can
// read ahead; the truth comes from the full series.
import { weeklyIncidence } from "../metrics/weekly.ts";
import type { DailyCumulativeSeries } from "./types.ts";
import type { ForecastInput, TargetKind } from "./types.ts";

/** The model's view as of Saturday `saturday`: both series cut after that day (null when too short). */
export function inputAsOf(series: DailyCumulativeSeries, companion: DailyCumulativeSeries | undefined, saturday: number, target: TargetKind): ForecastInput | null {
  const end = saturday - series.firstDay + 1;
  if (end < 8 || end > series.cum.length) return null;
  const weekly = weeklyIncidence(series.cum.subarray(0, end), series.firstDay).values;
  const input: ForecastInput = { weekly, target };
  if (companion !== undefined) {
    const cEnd = saturday - companion.firstDay + 1;
    if (cEnd >= 8 && cEnd <= companion.cum.length) {
      input.companion = weeklyIncidence(companion.cum.subarray(0, cEnd), companion.firstDay).values;
    }
  }
  return input;
}

export interface ForecastItem {
  location: string;
  /** Last observed Saturday (day number). */
  saturday: number;
  input: ForecastInput;
  /** Weekly truth at horizons 1 … H; NaN = unknown, or not yet known at `truthBefore`. */
  truth: Float64Array;
}

/**
 * Every (location, Saturday) with at least one scorable horizon. A horizon counts only when
 * its target_end_date (saturday + 7h) is before `truthBefore` (default: no limit): that is
 * how the parameter selection keeps to the truth known before a report window.
 */
export function forecastItems(
  own: Map<string, DailyCumulativeSeries>,
  other: Map<string, DailyCumulativeSeries>,
  target: TargetKind,
  saturdays: ArrayLike<number>,
  horizons: number,
  truthBefore = Number.POSITIVE_INFINITY,
): ForecastItem[] {
  const items: ForecastItem[] = [];
  for (const [location, series] of own) {
    const full = weeklyIncidence(series.cum, series.firstDay);
    for (const saturday of Array.from(saturdays)) {
      const truth = new Float64Array(horizons).fill(Number.NaN);
      let any = false;
      for (let h = 1; h <= horizons; h++) {
        const day = saturday + 7 * h;
        const idx = (day - full.firstSaturday) / 7;
        if (day >= truthBefore || idx < 0 || idx >= full.values.length) continue;
        truth[h - 1] = full.values[idx];
        if (!Number.isNaN(truth[h - 1])) any = true;
      }
      if (!any) continue;
      const input = inputAsOf(series, other.get(location), saturday, target);
      if (input !== null) items.push({ location, saturday, input, truth });
    }
  }
  return items;
}
