// Public API of the models package: incidence over cumulative series, the Georgia Tech event
// risk (with ascertainment options and the mobility contact adjustment), locating a point in
// the most local known region, and the risk models: daily metrics, Covid Act Now / CDC levels,
// Rt, risk clusters, forecasts and their evaluation (each sub-package also has its own mod.ts).
export {
  dailyNew,
  rollingMean7,
  per100k,
  casesInLastDays,
  dailyNewByRegion,
  rollingMean7ByRegion,
  casesInLastDaysByRegion,
} from "./incidence.ts";
export {
  eventRisk,
  eventRiskFromSeries,
  probabilityOfAnyInfected,
  DEFAULT_ASCERTAINMENT,
  EVENT_RISK_WINDOW_DAYS,
} from "./eventRisk.ts";
export { createRegionLocator, type RegionLocatorOptions } from "./geo/regionLocator.ts";
export { loadBoundaries } from "./geo/boundaries.ts";
export { createBoundaryChainResolver, type BoundaryChainResolver } from "./geo/boundaryChain.ts";
export { buildPolygonIndex, type PolygonIndex } from "./geo/polygonIndex.ts";
export { haversineKm, EARTH_RADIUS_KM } from "./geo/haversine.ts";
export {
  constantAscertainment,
  timeAwareAscertainment,
  guPrevalenceRatio,
  DEFAULT_ASCERTAINMENT_RANGE,
  ASSUMED_POSITIVITY,
  GU_EPOCH_DAY,
  type Ascertainment,
} from "./ascertainment.ts";
export { contactFactor, contactAdjustedRisk, DEFAULT_CONTACT_STRENGTH, MIN_CONTACT_FACTOR, MAX_CONTACT_FACTOR } from "./contactAdjustment.ts";
export * from "./metrics/mod.ts";
export * from "./levels/mod.ts";
export * from "./rt/mod.ts";
export * from "./clusters/mod.ts";
export * from "./forecast/mod.ts";
export * from "./evaluation/mod.ts";
export * from "./stats/mod.ts";
export * from "./errors.ts";
export type * from "./types.ts";
