// Test helpers of the risk worker: a Storage that serves the bundled real sample (JHU CSSE US
// counties, Oct–Dec 2020, and the JHU region lookup) from memory, so the worker's tests need
// neither a database nor the ingest pipeline.
import { join } from "node:path";
import { runAdapter } from "../../pipelines/testSupport.ts";
import type { ObservationSeries, RegionRecord, Storage } from "../../sql/mod.ts";

const SAMPLE = join(import.meta.dir, "../../sample");

export interface SampleData {
  regions: RegionRecord[];
  /** The "jhu-us" dataset: cumulative cases and deaths per county-day, grouped by region. */
  series: ObservationSeries;
}

let cached: Promise<SampleData> | null = null;

export function loadSample(): Promise<SampleData> {
  return (cached ??= (async () => {
    const [lookup, cases, deaths] = await Promise.all([
      runAdapter("jhu-lookup", { file: join(SAMPLE, "UID_ISO_FIPS_LookUp_Table.csv.gz") }),
      runAdapter("jhu-us-cases", { file: join(SAMPLE, "jhu_confirmed_US_sample.csv.gz") }),
      runAdapter("jhu-us-deaths", { file: join(SAMPLE, "jhu_deaths_US_sample.csv.gz") }),
    ]);
    // The registry as storage holds it after both ingests: the US adapter knows each county's state.
    const byId = new Map(lookup.regions.map((r) => [r.id, r]));
    for (const r of cases.regions) byId.set(r.id, { ...byId.get(r.id), ...r, population: r.population ?? byId.get(r.id)?.population ?? null });
    for (const r of deaths.regions) if (r.population !== null) byId.set(r.id, { ...byId.get(r.id)!, population: r.population });
    const d = new Map<number, number>();
    const dc = deaths.columns;
    for (let i = 0; i < dc.regionId.length; i++) d.set(dc.regionId[i] * 100_000 + dc.day[i], dc.cumDeaths![i]);
    const c = cases.columns;
    const cumDeaths = new Float64Array(c.regionId.length);
    for (let i = 0; i < c.regionId.length; i++) cumDeaths[i] = d.get(c.regionId[i] * 100_000 + c.day[i]) ?? NaN;
    return { regions: [...byId.values()], series: { regionId: c.regionId, day: c.day, cumCases: c.cumCases!, cumDeaths } };
  })());
}

/** A Storage with only what the risk worker reads: the registry and one series per dataset. */
export function fakeStorage(regions: RegionRecord[], datasets: Record<string, ObservationSeries>): Storage {
  const empty: ObservationSeries = { regionId: new Int32Array(0), day: new Int32Array(0), cumCases: new Float64Array(0), cumDeaths: new Float64Array(0) };
  const notHere = () => Promise.reject(new Error("not part of the risk worker's fake storage"));
  return {
    driver: "pglite",
    migrate: async () => {},
    ping: async () => {},
    close: async () => {},
    listRegions: async () => regions,
    loadObservationSeries: async (source: string) => datasets[source] ?? empty,
    applyRegions: notHere,
    applyObservations: notHere,
    applyQuarantine: notHere,
    recordManifest: notHere,
    completeJobIfDone: notHere,
    jobSummary: notHere,
    countObservations: notHere,
    getObservation: notHere,
    listQuarantine: notHere,
  } as unknown as Storage;
}

/** Keeps the rows of `series` that `keep(regionId, day)` admits. */
export function filterSeries(series: ObservationSeries, keep: (regionId: number, day: number) => boolean): ObservationSeries {
  const idx: number[] = [];
  for (let i = 0; i < series.regionId.length; i++) if (keep(series.regionId[i], series.day[i])) idx.push(i);
  return {
    regionId: Int32Array.from(idx, (i) => series.regionId[i]),
    day: Int32Array.from(idx, (i) => series.day[i]),
    cumCases: Float64Array.from(idx, (i) => series.cumCases[i]),
    cumDeaths: Float64Array.from(idx, (i) => series.cumDeaths[i]),
  };
}
