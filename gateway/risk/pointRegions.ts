// Geolocation at the edge: the gateway finds the regions around a point itself, from the
// boundaries bundled with the app (us-atlas, world-atlas), so that the edge cache can be keyed
// by region. Built once per process on first use (about a second of CPU): startGateway warms it
// before listening.
import { createBoundaryChainResolver, type BoundaryChainResolver } from "../../models/mod.ts";

let resolver: BoundaryChainResolver | null = null;

/** Region ids whose boundary holds the point, most local first; empty outside every boundary. */
export function locateRegions(lat: number, lon: number): number[] {
  resolver ??= createBoundaryChainResolver();
  return resolver.resolve(lat, lon);
}

/** Builds the boundary index now, so that the first request does not pay for it. */
export function warmPointRegions(): void {
  resolver ??= createBoundaryChainResolver();
}
