// Quantiles from a point forecaster's own past errors (rolling origin): replay the forecaster
// from every earlier origin whose target week is already observed, collect the log-scale
// errors per horizon, and put their empirical (type-7) quantiles, centred on their median,
// around today's point forecast. Only data up to the current last week is used, so this
// never looks ahead; the spread adapts to each series' own volatility.
import { quantileSorted } from "../stats/quantile.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "./quantileLevels.ts";

/** Log-scale point forecasts for horizons 1 … out.length from origin `end`; false when it cannot forecast there. */
export type PointForecaster = (end: number, out: Float64Array) => boolean;

export interface ResidualOptions {
  /** Most recent errors kept per horizon. */
  window: number;
  /** Fewer errors than this at some horizon → no forecast (null). */
  minResiduals: number;
  /** Origins before this index are not replayed (the epidemic's take-off is not representative). */
  firstOrigin: number;
  /** Factor on the centred errors (1 = as observed; > 1 widens the intervals). */
  scale?: number;
  /**
   * Recalibration from recent errors (0 = off): per horizon, the spread is multiplied by
   * max(1, mean |centred error| of the newest `recent` errors / that of all kept errors), so the
   * intervals widen when the model has lately been missing by more than usual.
   */
  recent?: number;
}

/** horizons × 23 quantiles on the count scale (≥ 0), or null when the history is too short. */
export function residualQuantileForecast(z: Float64Array, horizons: number, point: PointForecaster, opts: ResidualOptions): Float64Array | null {
  const end = z.length - 1;
  const now = new Float64Array(horizons);
  if (!point(end, now)) return null;
  const errors = Array.from({ length: horizons }, () => [] as number[]);
  const past = new Float64Array(horizons);
  for (let s = end - 1; s >= Math.max(0, opts.firstOrigin); s--) {
    if (errors[horizons - 1].length >= opts.window) break;
    if (!point(s, past)) continue;
    for (let h = 1; h <= horizons && s + h <= end; h++) {
      const e = z[s + h] - past[h - 1];
      if (!Number.isNaN(e) && errors[h - 1].length < opts.window) errors[h - 1].push(e);
    }
  }
  const out = new Float64Array(horizons * QUANTILE_COUNT);
  const scale = opts.scale ?? 1;
  for (let h = 0; h < horizons; h++) {
    const newestFirst = errors[h];
    const e = Float64Array.from(newestFirst).sort();
    if (e.length < opts.minResiduals) return null;
    // Centring keeps the median at the point forecast: a past bias is no reason to move it.
    const centre = quantileSorted(e, 0.5);
    const widen = recentWidening(newestFirst, centre, opts.recent ?? 0);
    for (let q = 0; q < QUANTILE_COUNT; q++) {
      out[h * QUANTILE_COUNT + q] = Math.max(0, Math.expm1(now[h] + scale * widen * (quantileSorted(e, QUANTILE_LEVELS[q]) - centre)));
    }
  }
  return out;
}

/** max(1, mean |e − centre| over the newest `recent` errors / over all of them); 1 when off or too few. */
function recentWidening(newestFirst: number[], centre: number, recent: number): number {
  if (recent <= 0 || newestFirst.length <= recent) return 1;
  let all = 0;
  let last = 0;
  newestFirst.forEach((x, i) => {
    const d = Math.abs(x - centre);
    all += d;
    if (i < recent) last += d;
  });
  if (!(all > 0)) return 1;
  return Math.max(1, last / recent / (all / newestFirst.length));
}
