// Forecasts of weekly COVID-19 hospital admissions (CDC Forecast Hub target `wk inc covid hosp`):
// covid-mesh's forecaster, the hub's flat baseline, and the hubverse CSV writer.
export { forecastHospitalAdmissions, forecastWithChoice } from "./forecaster.ts";
export { POINT_CANDIDATES, FALLBACK_CANDIDATE, type OnlineChoice } from "./onlineSelection.ts";
export { flatBaselineQuantiles, FLAT_BASELINE_NAME, type FlatBaselineOptions } from "./flatBaseline.ts";
export { formatHubverseCsv, HUBVERSE_HEADER } from "./hubverseCsv.ts";
export { seriesAsOf, takeRows, newestAsOf } from "./asOf.ts";
export { HUB_POPULATION, HUB_STATE_LOCATIONS, regionIdFromHubLocation, hubLocationFromRegionId, hubPopulation } from "./locations.ts";
export { HOSP_TARGET, HOSP_HORIZONS, DEFAULT_HOSP_OPTIONS, type HospForecast, type HospForecastInput, type HospModelOptions } from "./types.ts";
