// Point → the ids of the regions whose bundled boundary holds it (county and state, or else the
// country: one id per layer, most local first), from the static boundary data alone. The gateway
// resolves a point with it before the mesh is asked, so that every point of one county shares
// one cached answer; the risk pool then picks, among these ids, the most local region it has.
import { loadBoundaries } from "./boundaries.ts";
import { buildPolygonIndex, type PolygonIndex } from "./polygonIndex.ts";
import type { BoundaryFeature, BoundaryLayers } from "../types.ts";

export interface BoundaryChainResolver {
  /**
   * Region ids containing the point, most local first; empty outside every boundary. The country
   * outlines (the costliest test) are tried only when no county or state holds the point: a
   * region's parents contain it by definition, and the risk pool adds them itself.
   */
  resolve(lat: number, lon: number): number[];
}

interface Layer {
  index: PolygonIndex;
  ids: Int32Array;
}

export function createBoundaryChainResolver(boundaries: BoundaryLayers = loadBoundaries()): BoundaryChainResolver {
  const local = [boundaries.county, boundaries.state].filter((f) => f.length > 0).map(layerOf);
  const country = boundaries.country.length > 0 ? layerOf(boundaries.country) : null;
  return {
    resolve(lat, lon) {
      const out: number[] = [];
      for (const layer of local) {
        const k = layer.index.find(lon, lat);
        if (k >= 0) out.push(layer.ids[k]);
      }
      if (out.length === 0 && country) {
        const k = country.index.find(lon, lat);
        if (k >= 0) out.push(country.ids[k]);
      }
      return out;
    },
  };
}

function layerOf(features: BoundaryFeature[]): Layer {
  return { index: buildPolygonIndex(features.map((f) => f.geometry)), ids: Int32Array.from(features, (f) => f.regionId) };
}
