// Benchmark section: time to recompute every risk model (daily metrics, Rt with CI, levels,
// clusters per level, covid-mesh + COVIDhub-baseline forecasts) for every region in the shared
// data: JHU US counties, NYT US states and JHU global countries/provinces. Files are read with
// the pipelines adapters (no system needed); only the recompute is timed, as the worker runs it.
import { join } from "node:path";
import { readSources } from "../cli/backtest/readSources.ts";
import { computeRiskModels } from "../workers/exposure-risk/compute/mod.ts";
import { groupSeries } from "../workers/exposure-risk/snapshot.ts";
import { lastDayOf, type RegionSeries } from "../workers/exposure-risk/snapshotTypes.ts";
import { countryAggregates } from "../workers/exposure-risk/compute/countryAggregates.ts";
import type { RegionRecord } from "../sql/mod.ts";

export interface RiskModelsBench {
  regions: number;
  regionDays: number;
  seconds: number;
  lines: string[];
}

/** The shared files as the worker's snapshot series (per region, the dataset reaching the latest day). */
export async function loadSharedSeries(dataDir: string): Promise<Map<number, RegionSeries>> {
  const jhu = (f: string) => join(dataDir, "jhu_csse", f);
  const sets = [
    ["jhu-us", "jhu-us", [jhu("time_series_covid19_confirmed_US.csv.gz"), jhu("time_series_covid19_deaths_US.csv.gz")]],
    ["nyt-us-states", "nyt-us", [join(dataDir, "nyt/us-states.csv.gz")]],
    ["jhu-global", "jhu-global", [jhu("time_series_covid19_confirmed_global.csv.gz"), jhu("time_series_covid19_deaths_global.csv.gz")]],
  ] as const;
  const series = new Map<number, RegionSeries>();
  const regions = new Map<number, RegionRecord>();
  for (const [source, dataset, files] of sets) {
    const data = await readSources(source, [...files]);
    for (const [id, r] of data.regions) regions.set(id, r);
    for (const [id, s] of groupSeries([...data.regions.values()], data, dataset)) {
      const held = series.get(id);
      if (!held || lastDayOf(s) > lastDayOf(held)) series.set(id, s);
    }
  }
  // As the worker's snapshot: countries reported only by province get their provinces' sum.
  for (const s of countryAggregates(series, regions)) series.set(s.region.id, s);
  return series;
}

export async function benchRiskModels(dataDir: string): Promise<RiskModelsBench> {
  const series = await loadSharedSeries(dataDir);
  let regionDays = 0;
  for (const s of series.values()) regionDays += s.cumCases.length;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const models = await computeRiskModels(series.values(), { ascertainment: 5 });
  const seconds = (performance.now() - t0) / 1000;
  // CPU time too: on a shared 2-core machine the wall clock includes waiting for a core.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const t = models.timings;
  const lines = [
    `regions: ${series.size.toLocaleString("en-US")} (${regionDays.toLocaleString("en-US")} region-days); figures for ${t.regions.toLocaleString("en-US")}, forecasts for ${models.forecasts.size.toLocaleString("en-US")}`,
    `recompute: ${seconds.toFixed(2)} s wall (${cpuSeconds.toFixed(2)} s CPU) = metrics + Rt + levels ${(t.metricsMs / 1000).toFixed(2)} s, forecasts (covid-mesh + baseline) ${(t.forecastsMs / 1000).toFixed(2)} s, clusters ${(t.clustersMs / 1000).toFixed(2)} s`,
    ...models.clusterRuns.map(
      (r) =>
        `clusters ${r.level}: ${r.regionId.length} regions, k=${r.k}, silhouette ${r.silhouette.toFixed(3)}, Calinski–Harabasz ${r.calinskiHarabasz.toFixed(1)}, seed ARI ${r.seedStability.toFixed(3)}`,
    ),
  ];
  return { regions: series.size, regionDays, seconds, lines };
}

if (import.meta.main) {
  const r = await benchRiskModels(process.env.SHARED_DATA ?? join(import.meta.dir, "../../shared/data"));
  for (const l of r.lines) console.log(l);
}
