// Rolling-origin backtest over many locations, pure (no I/O). For each Monday forecast date F
// every model sees only data through the Saturday F − 2 — the arrays are sliced before the
// model is called, so look-ahead is impossible — and is scored against the weekly incidence
// of the same (full) series at target_end_date = F − 2 + 7h.
import { relativeWis } from "../evaluation/relativeWis.ts";
import { summarizeScores, wisMany } from "../evaluation/summary.ts";
import { lastObservedSaturday } from "./epiweek.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "./quantileLevels.ts";
import { BASELINE_MODEL_NAME } from "./baseline.ts";
import { assertValidQuantiles } from "./validate.ts";
import { forecastItems } from "./forecastItems.ts";
import { ForecastInputError, InsufficientHistoryError } from "./errors.ts";
import type { DailyCumulativeSeries, ForecastInput, ForecastModel, TargetKind } from "./types.ts";

export type { DailyCumulativeSeries } from "./types.ts";

export interface BacktestOptions {
  /** Per target, location id → daily cumulative series. */
  series: { cases: Map<string, DailyCumulativeSeries>; deaths: Map<string, DailyCumulativeSeries> };
  /** Forecast dates as day numbers; each must be a Monday. */
  forecastDates: ArrayLike<number>;
  models: ForecastModel[];
  horizons?: number;
  /** Name of the reference model for relative WIS (default COVIDhub-baseline; must be among models). */
  baseline?: string;
}

export interface BacktestRow {
  model: string;
  target: TargetKind;
  /** 1 … horizons, or null for all horizons pooled. */
  horizon: number | null;
  wis: number;
  relativeWis: number;
  mae: number;
  coverage50: number;
  coverage95: number;
  n: number;
}

interface Cell {
  values: Map<string, Float64Array>;
  truth: Float64Array;
}

export function backtest(opts: BacktestOptions): BacktestRow[] {
  const horizons = opts.horizons ?? 4;
  const baseline = opts.baseline ?? BASELINE_MODEL_NAME;
  if (!Number.isInteger(horizons) || horizons < 1) throw new ForecastInputError(`horizons must be a positive integer, got ${horizons}`);
  const names = opts.models.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new ForecastInputError(`model names must be unique: ${names.join(", ")}`);
  if (!names.includes(baseline)) throw new ForecastInputError(`baseline "${baseline}" is not among the models (${names.join(", ")})`);
  const saturdays = Array.from(opts.forecastDates, (f) => lastObservedSaturday(f));

  const rows: BacktestRow[] = [];
  for (const target of ["inc case", "inc death"] as const) {
    const own = target === "inc case" ? opts.series.cases : opts.series.deaths;
    const other = target === "inc case" ? opts.series.deaths : opts.series.cases;
    const cells = runTarget(own, other, target, saturdays, opts.models, horizons);
    const pooled = poolCells(cells, names);
    for (let h = 0; h <= horizons; h++) {
      const cell = h === 0 ? pooled : cells[h - 1];
      const wisByModel = new Map<string, Float64Array>();
      for (const name of names) wisByModel.set(name, wisMany(QUANTILE_LEVELS, cell.values.get(name)!, cell.truth));
      const rel = relativeWis(wisByModel, baseline);
      for (const name of names) {
        const s = summarizeScores(QUANTILE_LEVELS, cell.values.get(name)!, cell.truth);
        rows.push({ model: name, target, horizon: h === 0 ? null : h, ...s, relativeWis: rel.get(name)! });
      }
    }
  }
  return rows;
}

/** One cell per horizon: every (location, forecast date) with a known truth; NaN rows = model could not forecast. */
function runTarget(
  own: Map<string, DailyCumulativeSeries>,
  other: Map<string, DailyCumulativeSeries>,
  target: TargetKind,
  saturdays: number[],
  models: ForecastModel[],
  horizons: number,
): Cell[] {
  const perH = Array.from({ length: horizons }, () => ({ truth: [] as number[], values: models.map(() => [] as number[]) }));
  for (const item of forecastItems(own, other, target, saturdays, horizons)) {
    const forecasts = models.map((m) => runModel(m, item.input, horizons));
    for (let h = 1; h <= horizons; h++) {
      const y = item.truth[h - 1];
      if (Number.isNaN(y)) continue;
      const cell = perH[h - 1];
      cell.truth.push(y);
      forecasts.forEach((f, m) => {
        for (let q = 0; q < QUANTILE_COUNT; q++) cell.values[m].push(f === null ? Number.NaN : f[(h - 1) * QUANTILE_COUNT + q]);
      });
    }
  }
  return perH.map((c) => ({
    truth: Float64Array.from(c.truth),
    values: new Map(models.map((m, i) => [m.name, Float64Array.from(c.values[i])])),
  }));
}

/** The model's quantiles, validated; null when it lacks the history to forecast. */
export function runModel(model: ForecastModel, input: ForecastInput, horizons: number): Float64Array | null {
  try {
    const f = model.forecast(input, horizons);
    assertValidQuantiles(f, horizons, model.name);
    return f;
  } catch (err) {
    if (err instanceof InsufficientHistoryError) return null;
    throw err;
  }
}

function poolCells(cells: Cell[], names: string[]): Cell {
  const truth = Float64Array.from(cells.flatMap((c) => Array.from(c.truth)));
  const values = new Map<string, Float64Array>();
  for (const name of names) {
    const parts = cells.map((c) => c.values.get(name)!);
    const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    values.set(name, out);
  }
  return { truth, values };
}
