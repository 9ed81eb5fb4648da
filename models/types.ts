import type { MultiPolygon, Polygon } from "geojson";
import type { RegionRecord } from "../domain/mod.ts";

export interface EventRiskInput {
  /** Cases reported in the last 10 days (C_t − C_{t−10}); null/NaN when unknown. */
  casesLast10Days: number | null;
  population: number | null;
  /** Number of people at the event (n ≥ 1). */
  groupSize: number;
  /** Infections per reported case (ascertainment bias); default 5. */
  ascertainment?: number;
}

export interface EventRiskResult {
  /** Estimated fraction of the population currently infectious, clamped to [0, 1]; null when unknown. */
  prevalence: number | null;
  /** P(at least one infectious person among groupSize), 0–1; null when unknown. */
  probability: number | null;
}

export type LocateMatch = "contains" | "nearest";

export interface LocateResult {
  region: RegionRecord;
  /** The point lies inside the region's boundary, or (no boundary contains it) its centroid is nearest. */
  match: LocateMatch;
  /** Great-circle distance from the point to the region's centroid, km. */
  distanceKm: number;
}

export interface RegionLocator {
  /** Most local region for a point; null only when no region has a boundary or coordinates. */
  locate(lat: number, lon: number): LocateResult | null;
  /** Every region whose boundary contains the point, most local first (county, state, country). */
  locateAll(lat: number, lon: number): LocateResult[];
  /** The region with the nearest centroid among those `accept` admits (all when omitted). */
  nearest(lat: number, lon: number, accept?: (region: RegionRecord) => boolean): LocateResult | null;
}

/** A boundary polygon set keyed by the JHU UID of the region it outlines. */
export interface BoundaryFeature {
  regionId: number;
  geometry: Polygon | MultiPolygon;
}

export interface BoundaryLayers {
  county: BoundaryFeature[];
  state: BoundaryFeature[];
  country: BoundaryFeature[];
}
