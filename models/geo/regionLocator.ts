// Finds the region for a point: the most local boundary that contains it (county, then state,
// then country), among the regions we actually have; if none does (open sea, or a place without
// a boundary), the region with the nearest centroid. Boundaries matter: in lower Manhattan the
// nearest county centroid is Hudson County, NJ, across the river.
import { geoCentroid } from "d3-geo";
import type { RegionRecord } from "../../domain/mod.ts";
import { ModelInputError } from "../errors.ts";
import type { BoundaryFeature, BoundaryLayers, LocateResult, RegionLocator } from "../types.ts";
import { loadBoundaries } from "./boundaries.ts";
import { haversineKm } from "./haversine.ts";
import { buildPolygonIndex, type PolygonIndex } from "./polygonIndex.ts";

const RAD = Math.PI / 180;

interface Layer {
  index: PolygonIndex;
  regions: RegionRecord[];
  /** Centroid used for distanceKm: the region's own lat/lon, else the boundary's centroid. */
  lat: Float64Array;
  lon: Float64Array;
}

export interface RegionLocatorOptions {
  /** Boundary layers to use instead of the bundled us-atlas / world-atlas ones (tests). */
  boundaries?: BoundaryLayers;
}

export function createRegionLocator(regions: RegionRecord[], opts: RegionLocatorOptions = {}): RegionLocator {
  const boundaries = opts.boundaries ?? loadBoundaries();
  const byId = new Map<number, RegionRecord>();
  for (const r of regions) byId.set(r.id, r);
  const layers = [boundaries.county, boundaries.state, boundaries.country].map((features) => buildLayer(features, byId)).filter((l): l is Layer => l !== null);
  const nearest = buildNearest(regions);

  return {
    locate(lat: number, lon: number): LocateResult | null {
      checkPoint(lat, lon);
      for (const layer of layers) {
        const k = layer.index.find(lon, lat);
        if (k >= 0) {
          return { region: layer.regions[k], match: "contains", distanceKm: haversineKm(lat, lon, layer.lat[k], layer.lon[k]) };
        }
      }
      return nearest(lat, lon);
    },
    locateAll(lat: number, lon: number): LocateResult[] {
      checkPoint(lat, lon);
      const out: LocateResult[] = [];
      for (const layer of layers) {
        const k = layer.index.find(lon, lat);
        if (k >= 0) out.push({ region: layer.regions[k], match: "contains", distanceKm: haversineKm(lat, lon, layer.lat[k], layer.lon[k]) });
      }
      return out;
    },
    nearest(lat: number, lon: number, accept?: (region: RegionRecord) => boolean): LocateResult | null {
      checkPoint(lat, lon);
      return nearest(lat, lon, accept);
    },
  };
}

function checkPoint(lat: number, lon: number): void {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new ModelInputError(`latitude must be within -90…90, got ${lat}`);
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) throw new ModelInputError(`longitude must be within -180…180, got ${lon}`);
}

function buildLayer(features: BoundaryFeature[], byId: Map<number, RegionRecord>): Layer | null {
  const kept = features.filter((f) => byId.has(f.regionId));
  if (kept.length === 0) return null;
  const regions = kept.map((f) => byId.get(f.regionId)!);
  const lat = new Float64Array(kept.length);
  const lon = new Float64Array(kept.length);
  kept.forEach((f, k) => {
    const r = regions[k];
    if (r.lat !== null && r.lon !== null) {
      lat[k] = r.lat;
      lon[k] = r.lon;
    } else {
      [lon[k], lat[k]] = geoCentroid(f.geometry);
    }
  });
  return { index: buildPolygonIndex(kept.map((f) => f.geometry)), regions, lat, lon };
}

/**
 * Nearest centroid by the largest dot product of unit vectors (monotonic in great-circle
 * distance), so the scan is three multiplications per region and one haversine at the end.
 */
function buildNearest(regions: RegionRecord[]): (lat: number, lon: number, accept?: (r: RegionRecord) => boolean) => LocateResult | null {
  const placed = regions.filter((r) => r.lat !== null && r.lon !== null && Number.isFinite(r.lat) && Number.isFinite(r.lon));
  const xyz = new Float64Array(placed.length * 3);
  placed.forEach((r, i) => unitVector(r.lat!, r.lon!, xyz, 3 * i));
  const q = new Float64Array(3);
  return (lat, lon, accept) => {
    unitVector(lat, lon, q, 0);
    let best = -1;
    let bestDot = -Infinity;
    for (let i = 0; i < placed.length; i++) {
      const dot = xyz[3 * i] * q[0] + xyz[3 * i + 1] * q[1] + xyz[3 * i + 2] * q[2];
      if (dot > bestDot && (!accept || accept(placed[i]))) {
        bestDot = dot;
        best = i;
      }
    }
    if (best < 0) return null;
    const region = placed[best];
    return { region, match: "nearest", distanceKm: haversineKm(lat, lon, region.lat!, region.lon!) };
  };
}

function unitVector(lat: number, lon: number, out: Float64Array, o: number): void {
  const phi = lat * RAD;
  const lambda = lon * RAD;
  out[o] = Math.cos(phi) * Math.cos(lambda);
  out[o + 1] = Math.cos(phi) * Math.sin(lambda);
  out[o + 2] = Math.sin(phi);
}
