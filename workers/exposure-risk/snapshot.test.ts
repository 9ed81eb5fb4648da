// The snapshot rebuild's pieces: the sliced grouping gives the same series as the plain one, and
// the locator cache keeps one locator while the registry is unchanged, answers with the new
// records as soon as any region changes, and with a moved centre's distances.
import { expect, test } from "bun:test";
import { createLocatorCache, groupSeries, groupSeriesSliced } from "./snapshot.ts";
import { loadSample } from "./testSupport.ts";

test("the same registry reuses the locator; a changed region answers with its new record, a moved centre with its distances", async () => {
  const { regions } = await loadSample();
  const cache = createLocatorCache();
  const first = cache.get(regions);
  expect(cache.get(regions.map((r) => ({ ...r })))).toBe(first);
  const kings = regions.findIndex((r) => r.id === 84036047);
  const changed = regions.map((r, i) => (i === kings ? { ...r, population: 1 } : r));
  const second = cache.get(changed);
  expect(second).not.toBe(first);
  expect(second.locate(40.6782, -73.9442)?.region).toMatchObject({ id: 84036047, population: 1 });
  expect(second.locateAll(40.6782, -73.9442)[0].region).toMatchObject({ id: 84036047, population: 1 });
  expect(second.nearest(40.6782, -73.9442, (r) => r.id === 84036047 && r.population === 1)?.region.id).toBe(84036047);
  // A moved centre: distances are measured to the new one.
  const before = second.locate(40.6782, -73.9442)!.distanceKm;
  const moved = changed.map((r, i) => (i === kings ? { ...r, lat: r.lat! + 0.5 } : r));
  const third = cache.get(moved);
  expect(third.locate(40.6782, -73.9442)?.region.id).toBe(84036047);
  expect(third.locate(40.6782, -73.9442)!.distanceKm).toBeGreaterThan(before + 40);
});

test("the sliced grouping (yields between regions) gives the same dense series as the plain one", async () => {
  const { regions, series } = await loadSample();
  const plain = groupSeries(regions, series, "jhu-us");
  const sliced = await groupSeriesSliced(regions, series, "jhu-us");
  expect(plain.size).toBeGreaterThan(3000);
  expect([...sliced.keys()]).toEqual([...plain.keys()]);
  expect(sliced).toEqual(plain);
});
