// Forecast Hub conventions, COVIDhub-baseline, the covid-mesh model, Hub CSV export and a
// pure rolling-origin backtest.
export {
  weekday,
  isSaturday,
  isMonday,
  epiweekEnd,
  lastSaturdayOnOrBefore,
  forecastDateAfter,
  lastObservedSaturday,
  targetEndDate,
  dayFromIso,
  mondaysBetween,
} from "./epiweek.ts";
export { QUANTILE_LEVELS, QUANTILE_COUNT, MEDIAN_INDEX } from "./quantileLevels.ts";
export { baselineForecast, baselineModel, symmetricDifferences, BASELINE_MODEL_NAME } from "./baseline.ts";
export { covidMeshForecast, covidMeshModel, covidMeshModelByTarget, covidMeshModelByHorizon, COVID_MESH_MODEL_NAME, type CovidMeshOptions } from "./covidMesh.ts";
export { selectParameters, SELECTION_GRID, SELECTION_START, type SelectionOptions, type TargetChoice, type ParameterGrid } from "./selection.ts";
export { forecastItems, inputAsOf, type ForecastItem } from "./forecastItems.ts";
export { cleanWeeklyToLog } from "./cleanWeekly.ts";
export { hubRows, formatHubCsv, HUB_CSV_HEADER, type HubForecast } from "./hubCsv.ts";
export { backtest, type BacktestOptions, type BacktestRow, type DailyCumulativeSeries } from "./backtest.ts";
export { assertValidQuantiles } from "./validate.ts";
export { InsufficientHistoryError, ForecastInputError, InvalidForecastError } from "./errors.ts";
export type * from "./types.ts";
