import { describe, expect, test } from "bun:test";
import { createBoundaryChainResolver } from "./boundaryChain.ts";

describe("createBoundaryChainResolver (bundled us-atlas / world-atlas boundaries)", () => {
  const resolver = createBoundaryChainResolver();

  test("a US point: its county, then its state", () => {
    expect(resolver.resolve(29.7604, -95.3698)).toEqual([84048201, 84000048]); // Houston: Harris County, Texas
    expect(resolver.resolve(40.7128, -74.006)).toEqual([84036061, 84000036]); // Manhattan: New York County
    // Lower Manhattan's nearest county centroid is across the river; the boundary decides.
    expect(resolver.resolve(40.7033, -74.017)[0]).toBe(84036061);
  });

  test("two points of one county resolve alike", () => {
    expect(resolver.resolve(41.8781, -87.6298)).toEqual(resolver.resolve(41.95, -87.75));
  });

  test("outside the US: the country; outside every boundary: nothing", () => {
    expect(resolver.resolve(48.8566, 2.3522)).toEqual([250]); // Paris
    expect(resolver.resolve(0, -30)).toEqual([]); // mid-Atlantic
  });
});
