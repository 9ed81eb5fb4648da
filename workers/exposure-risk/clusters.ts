// Risk clusters of the snapshot's regions, with models/clusters (k-means++ with restarts over
// z-scored features, k by silhouette, clusters ranked by risk). Features per region, as of its
// latest day: log caseDensity, the 7-day growth rate of cases, log weekly deaths per 100k.
// Each level (county, state, country) is clustered on its own: a county is like other counties.
// Computed once per snapshot build, before the snapshot goes live, so every answer of one
// snapshot agrees. (Engineer D may later move this into workers/exposure-risk/compute/.)
import { clusterRegions, type ClusterRegionsResult } from "../../models/clusters/mod.ts";
import { allocateDailyMetrics, computeDailyMetrics, sliceDailyMetrics } from "../../models/metrics/mod.ts";
import { type Clusters, isoOfDay } from "../../domain/mod.ts";
import type { RegionLevel } from "../../sql/mod.ts";
import { caseDensityLevel } from "./levels.ts";
import { coversDay, type RegionSeries, type Snapshot } from "./snapshot.ts";

export interface ClusterAssignment {
  method: string;
  clusters: Clusters["clusters"];
  /** regionId → cluster id. */
  byRegion: Map<number, number>;
}

const FEATURES = ["caseDensity", "growthRatePerDay", "weeklyDeathsPer100k"] as const;
const MIN_REGIONS = 20;
const LEVELS: RegionLevel[] = ["county", "state", "country"];

/** Latest-day features of every region with fresh data, by level. */
function featuresByLevel(series: Iterable<RegionSeries>, lastDay: number): Map<RegionLevel, { ids: number[]; rows: number[] }> {
  const out = new Map<RegionLevel, { ids: number[]; rows: number[] }>();
  let scratch = allocateDailyMetrics(512);
  for (const s of series) {
    if (!coversDay(s, lastDay)) continue;
    const n = s.cumCases.length;
    if (n > scratch.newCases.length) scratch = allocateDailyMetrics(2 * n);
    const m = computeDailyMetrics(s.cumCases, s.cumDeaths, s.region.population, sliceDailyMetrics(scratch, 0, n));
    const t = n - 1;
    const row = [Math.log1p(Math.max(0, m.caseDensity[t])), m.growthRate[t], Math.log1p(Math.max(0, m.weeklyDeathsPer100k[t]))];
    if (!row.every(Number.isFinite)) continue;
    const level = out.get(s.region.level) ?? { ids: [], rows: [] };
    level.ids.push(s.region.id);
    level.rows.push(...row);
    out.set(s.region.level, level);
  }
  return out;
}

function trendWord(growthPerDay: number): string {
  if (growthPerDay > 0.01) return "rising";
  if (growthPerDay < -0.01) return "falling";
  return "steady";
}

export function computeClusters(series: Iterable<RegionSeries>, lastDay: number): ClusterAssignment {
  const byLevel = featuresByLevel(series, lastDay);
  const clusters: Clusters["clusters"] = [];
  const byRegion = new Map<number, number>();
  const notes: string[] = [];
  const clustered = LEVELS.filter((l) => (byLevel.get(l)?.ids.length ?? 0) >= MIN_REGIONS);
  for (const level of clustered) {
    const { ids, rows } = byLevel.get(level)!;
    const cols = FEATURES.length;
    const result: ClusterRegionsResult = clusterRegions(
      { data: Float64Array.from(rows), rows: ids.length, cols },
      { riskFeature: 0, kMin: 3, kMax: 6, restarts: 3, silhouetteSampleSize: 1000, seed: 1 },
    );
    const base = clusters.length;
    const seen = new Map<string, number>();
    for (let c = 0; c < result.k; c++) {
      const centre = result.centroids.subarray(c * cols, c * cols + cols);
      const caseDensity = Math.expm1(centre[0]);
      let label = `${caseDensityLevel(caseDensity)}, ${trendWord(centre[1])}`;
      const dup = (seen.get(label) ?? 0) + 1;
      seen.set(label, dup);
      if (dup > 1) label += ` (${dup})`;
      if (clustered.length > 1) label = `${level}: ${label}`;
      clusters.push({
        id: base + c,
        label,
        size: 0,
        centre: { caseDensity, growthRatePerDay: centre[1], weeklyDeathsPer100k: Math.expm1(centre[2]) },
      });
    }
    ids.forEach((id, i) => {
      byRegion.set(id, base + result.labels[i]);
      clusters[base + result.labels[i]].size++;
    });
    notes.push(`${ids.length} ${level} regions: k=${result.k} by silhouette (${result.silhouette.toFixed(2)}), stability ARI ${result.stability.toFixed(2)}`);
  }
  const method =
    clustered.length === 0
      ? `none: fewer than ${MIN_REGIONS} regions of one level have fresh data`
      : `k-means++ (models/clusters) on log caseDensity, 7-day growth rate and log weekly deaths per 100k as of the latest day, ids ordered from lowest to highest caseDensity; ${notes.join("; ")}`;
  return { method, clusters, byRegion };
}

export function clusterAssignment(snapshot: Snapshot): ClusterAssignment {
  return snapshot.clusters ?? snapshot.memo.once("clusters", () => computeClusters(snapshot.series.values(), snapshot.lastDay));
}

export function clusterOf(snapshot: Snapshot, regionId: number): { id: number; label: string } | null {
  const a = clusterAssignment(snapshot);
  const id = a.byRegion.get(regionId);
  if (id === undefined) return null;
  return { id, label: a.clusters[id].label };
}

export function listClusters(snapshot: Snapshot | null): Clusters {
  if (!snapshot) return { run: "historical", runIds: [], method: "none: no data loaded yet", asOf: null, clusters: [], members: { regionIds: [], clusterIds: [] } };
  const a = clusterAssignment(snapshot);
  const list = snapshot.memo.once("clusterList", () => ({
    run: "historical" as const,
    method: a.method,
    asOf: snapshot.lastDay >= 0 ? isoOfDay(snapshot.lastDay) : null,
    clusters: a.clusters,
    members: { regionIds: [...a.byRegion.keys()], clusterIds: [...a.byRegion.values()] },
  }));
  // Run ids are known once the recompute is stored, after this snapshot went live.
  return { ...list, runIds: snapshot.models?.storedRunIds ?? [] };
}
