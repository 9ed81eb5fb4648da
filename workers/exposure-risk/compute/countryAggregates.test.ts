import { expect, test } from "bun:test";
import type { RegionRecord } from "../../../sql/mod.ts";
import type { RegionSeries } from "../snapshotTypes.ts";
import { countryAggregates } from "./countryAggregates.ts";

const region = (id: number, level: RegionRecord["level"], parentId: number | null): RegionRecord => ({
  id,
  name: String(id),
  level,
  parentId,
  fips: null,
  iso2: null,
  iso3: null,
  lat: null,
  lon: null,
  population: 1000,
});
const series = (r: RegionRecord, dataset: string, firstDay: number, cases: number[]): RegionSeries => ({
  region: r,
  dataset,
  firstDay,
  cumCases: Float64Array.from(cases),
  cumDeaths: Float64Array.from(cases, (c) => c / 10),
});

test("provinces of a country without its own series are summed; other countries and datasets are left alone", () => {
  const regions = new Map([
    [124, region(124, "country", null)],
    [12401, region(12401, "state", 124)],
    [12402, region(12402, "state", 124)],
    [250, region(250, "country", null)],
    [25001, region(25001, "state", 250)],
    [840, region(840, "country", null)],
    [84000060, region(84000060, "state", 840)],
  ]);
  const held = new Map<number, RegionSeries>([
    [12401, series(regions.get(12401)!, "jhu-global", 100, [1, 2, 3])],
    [12402, series(regions.get(12402)!, "jhu-global", 101, [10, 20])],
    [250, series(regions.get(250)!, "jhu-global", 100, [5, 6, 7])],
    [25001, series(regions.get(25001)!, "jhu-global", 100, [1, 1, 1])],
    // A US territory from the JHU US file: the US is not the sum of its territories.
    [84000060, series(regions.get(84000060)!, "jhu-us", 100, [3, 3, 3])],
  ]);
  const out = countryAggregates(held, regions);
  expect(out).toHaveLength(1);
  expect(out[0]).toMatchObject({ region: { id: 124 }, dataset: "jhu-global (sum of provinces)", firstDay: 100 });
  expect(Array.from(out[0].cumCases)).toEqual([1, 12, 23]);
  const deaths = Array.from(out[0].cumDeaths);
  [0.1, 1.2, 2.3].forEach((v, i) => expect(deaths[i]).toBeCloseTo(v, 12));
});
