// Public API of the models package: incidence over cumulative series, the Georgia Tech event
// risk, and locating a point in the most local known region.
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
export { buildPolygonIndex, type PolygonIndex } from "./geo/polygonIndex.ts";
export { haversineKm, EARTH_RADIUS_KM } from "./geo/haversine.ts";
export { usCountyUidFromFips, usStateUidFromFips, US_COUNTRY_UID } from "./geo/usFips.ts";
export * from "./errors.ts";
export type * from "./types.ts";
