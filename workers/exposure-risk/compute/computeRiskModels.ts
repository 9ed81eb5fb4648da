// The full recompute over every region of a snapshot: latest figures (metrics, Rt, levels,
// event-risk prevalence), forecasts (covid-mesh + COVIDhub-baseline) and clusters per level.
// The worker runs it on a thread of its own (computeThread.ts); on the caller's thread it runs
// in slices (see yieldSlice.ts), so a caller that answers queries still gets turns.
import { allocateDailyMetrics, createRtWorkspace } from "../../../models/mod.ts";
import type { RegionLevel, RiskSnapshotRecord } from "../../../sql/mod.ts";
import { lastDayOf, type RegionForecast, type RegionSeries } from "../snapshotTypes.ts";
import { CLUSTER_LEVELS, clusterLevel, toAssignment } from "./clusterLevels.ts";
import { mobilityFor } from "./mobility.ts";
import { ensureScratch, regionFigures, type Scratch } from "./regionFigures.ts";
import { regionForecasts } from "./regionForecasts.ts";
import type { LevelClusterRun, RecomputeOptions, RiskModels } from "./types.ts";
import { createSlicer } from "./yieldSlice.ts";

function allocScratch(n: number): Scratch {
  return {
    metrics: allocateDailyMetrics(n),
    rt: { mean: new Float64Array(n), median: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n) },
    rtWorkspace: createRtWorkspace(),
  };
}

export async function computeRiskModels(series: Iterable<RegionSeries>, opts: RecomputeOptions): Promise<RiskModels> {
  const t0 = performance.now();
  const runId = crypto.randomUUID();
  const slicer = createSlicer(opts.sliceMs);
  const mode = opts.ascertainmentMode ?? "constant";
  const withBaseline = opts.baseline ?? true;
  let scratch = allocScratch(1024);

  const latest = new Map<number, RiskSnapshotRecord>();
  const byLevel = new Map<RegionLevel, RiskSnapshotRecord[]>();
  const forecasts = new Map<number, RegionForecast>();
  const baselineForecasts = new Map<number, RegionForecast>();
  let lastDay = -1;
  let metricsMs = 0;
  let forecastsMs = 0;
  for (const s of series) {
    lastDay = Math.max(lastDay, lastDayOf(s));
    const a = performance.now();
    scratch = ensureScratch(scratch, s.cumCases.length, allocScratch);
    const mobilityChange = opts.mobility ? mobilityFor(opts.mobility, s.region.id, lastDayOf(s)) : null;
    const figures = regionFigures(s, scratch, { runId, ascertainment: opts.ascertainment, ascertainmentMode: mode, mobilityChange });
    if (figures) {
      latest.set(s.region.id, figures.record);
      if (!byLevel.has(s.region.level)) byLevel.set(s.region.level, []);
      byLevel.get(s.region.level)!.push(figures.record);
    }
    const b = performance.now();
    const f = regionForecasts(s, withBaseline);
    if (f) {
      forecasts.set(s.region.id, f.covidMesh);
      if (f.baseline) baselineForecasts.set(s.region.id, f.baseline);
    }
    metricsMs += b - a;
    forecastsMs += performance.now() - b;
    await slicer.maybeYield();
    opts.signal?.throwIfAborted();
  }

  const c0 = performance.now();
  const clusterRuns: LevelClusterRun[] = [];
  for (const level of CLUSTER_LEVELS) {
    const records = byLevel.get(level);
    if (!records) continue;
    // Each level clusters regions that are current for that level: within 14 days of its newest.
    const newest = Math.max(...records.map((r) => r.day));
    const run = clusterLevel(level, { records: records.filter((r) => r.day >= newest - 14) }, runId, opts.previousRuns?.get(level));
    if (run) clusterRuns.push(run);
    await slicer.maybeYield();
    opts.signal?.throwIfAborted();
  }
  const clustersMs = performance.now() - c0;

  return {
    runId,
    builtAt: new Date().toISOString(),
    lastDay,
    latest,
    forecasts,
    baselineForecasts,
    clusterRuns,
    contactStrength: opts.contactStrength ?? 0,
    assignment: toAssignment(clusterRuns),
    timings: { metricsMs, clustersMs, forecastsMs, totalMs: performance.now() - t0, regions: latest.size },
  };
}
