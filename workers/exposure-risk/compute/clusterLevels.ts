// Risk clusters per level (counties with counties, states with states, countries with
// countries), from each region's latest figures:
//   log(1 + caseDensity), 7-day growth rate, Rt, log(1 + weekly deaths per 100k)
//   [+ mobility change, when at least 80% of the level's regions have it].
// Logs tame the heavy right tails of densities. Unknown values are filled explicitly, never
// dropped silently: growth unknown (an empty week) → 0 (flat), Rt unknown (too few cases) → 1
// (neither growing nor shrinking), deaths unknown → 0, mobility unknown → the level's mean
// (its z-score is then 0). A region without a known caseDensity is not clustered.
// k-means++ with restarts (models/clusters), k ∈ [3, 6] by silhouette, clusters ordered and
// labelled from lowest to highest caseDensity; each run reports silhouette, Calinski–Harabasz,
// seed stability and the adjusted Rand index against the previous run of the level.
import { adjustedRandIndex, clusterRegions } from "../../../models/mod.ts";
import type { RegionLevel, RiskSnapshotRecord } from "../../../sql/mod.ts";
import type { ClusterAssignment } from "../snapshotTypes.ts";
import { caseDensityLevel } from "../levels.ts";
import type { LevelClusterRun, PreviousClusterRun } from "./types.ts";

export const CLUSTER_LEVELS: RegionLevel[] = ["county", "state", "country"];
/** Fewer regions than this at a level: no clustering (k-means on a handful says nothing). */
export const MIN_CLUSTER_REGIONS = 20;
const MOBILITY_COVERAGE = 0.8;
const BASE_FEATURES = ["logCaseDensity", "growthRatePerDay", "rt", "logWeeklyDeathsPer100k"];

interface LevelInput {
  records: RiskSnapshotRecord[];
}

function featureRow(r: RiskSnapshotRecord): number[] {
  return [Math.log1p(Math.max(0, r.caseDensity!)), r.growthRate ?? 0, r.rt ?? 1, Math.log1p(Math.max(0, r.weeklyDeathsPer100k ?? 0))];
}

/** ARI between the previous and this labelling over the regions both runs have. */
export function ariAgainst(previous: PreviousClusterRun, regionId: Int32Array, cluster: Int32Array): number | null {
  const before = new Map<number, number>();
  previous.regionId.forEach((id, i) => before.set(id, previous.cluster[i]));
  const a: number[] = [];
  const b: number[] = [];
  regionId.forEach((id, i) => {
    const p = before.get(id);
    if (p !== undefined) {
      a.push(p);
      b.push(cluster[i]);
    }
  });
  return a.length < 2 ? null : adjustedRandIndex(Int32Array.from(a), Int32Array.from(b));
}

export function clusterLevel(level: RegionLevel, input: LevelInput, runId: string, previous: PreviousClusterRun | undefined): LevelClusterRun | null {
  const records = input.records.filter((r) => r.caseDensity !== null);
  if (records.length < MIN_CLUSTER_REGIONS) return null;
  const withMobility = records.filter((r) => r.mobilityChange !== null);
  const useMobility = withMobility.length >= MOBILITY_COVERAGE * records.length;
  const mobilityMean = useMobility ? withMobility.reduce((s, r) => s + r.mobilityChange!, 0) / withMobility.length : 0;
  const features = useMobility ? [...BASE_FEATURES, "mobilityChange"] : BASE_FEATURES;
  const cols = features.length;
  const data = new Float64Array(records.length * cols);
  records.forEach((r, i) => {
    const row = featureRow(r);
    if (useMobility) row.push(r.mobilityChange ?? mobilityMean);
    data.set(row, i * cols);
  });
  const result = clusterRegions({ data, rows: records.length, cols }, { riskFeature: 0, kMin: 3, kMax: 6, restarts: 4, silhouetteSampleSize: 1000, seed: 1 });
  const regionId = Int32Array.from(records, (r) => r.regionId);
  const cluster = Int32Array.from(result.labels);
  return {
    level,
    runId,
    features,
    k: result.k,
    silhouette: result.silhouette,
    calinskiHarabasz: result.calinskiHarabasz,
    seedStability: result.stability,
    ariPrevious: previous ? ariAgainst(previous, regionId, cluster) : null,
    previousRunId: previous?.id ?? null,
    centroids: result.centroids,
    asOfDay: Math.max(...records.map((r) => r.day)),
    regionId,
    cluster,
  };
}

function trendWord(growthPerDay: number): string {
  if (growthPerDay > 0.01) return "rising";
  if (growthPerDay < -0.01) return "falling";
  return "steady";
}

const round = (v: number, digits = 3) => Number(v.toFixed(digits));

/** The runs as the query handlers' ClusterAssignment: ids numbered across levels, lowest risk first within each. */
export function toAssignment(runs: LevelClusterRun[]): ClusterAssignment {
  const clusters: ClusterAssignment["clusters"] = [];
  const byRegion = new Map<number, number>();
  const notes: string[] = [];
  for (const run of runs) {
    const base = clusters.length;
    const cols = run.features.length;
    const seen = new Map<string, number>();
    for (let c = 0; c < run.k; c++) {
      const centre = run.centroids.subarray(c * cols, c * cols + cols);
      const caseDensity = Math.expm1(centre[0]);
      let label = `${caseDensityLevel(caseDensity)}, ${trendWord(centre[1])}`;
      const dup = (seen.get(label) ?? 0) + 1;
      seen.set(label, dup);
      if (dup > 1) label += ` (${dup})`;
      if (runs.length > 1) label = `${run.level}: ${label}`;
      const named: Record<string, number> = { caseDensity, growthRatePerDay: centre[1], rt: centre[2], weeklyDeathsPer100k: Math.expm1(centre[3]) };
      if (cols > 4) named.mobilityChange = centre[4];
      clusters.push({ id: base + c, label, size: 0, centre: named });
    }
    run.regionId.forEach((id, i) => {
      byRegion.set(id, base + run.cluster[i]);
      clusters[base + run.cluster[i]].size++;
    });
    const ari = run.ariPrevious === null ? "no previous run" : `ARI vs previous run ${round(run.ariPrevious)}`;
    notes.push(`${run.regionId.length} ${run.level} regions: k=${run.k} by silhouette (${round(run.silhouette)}), Calinski–Harabasz ${round(run.calinskiHarabasz, 1)}, ${ari}`);
  }
  const method =
    runs.length === 0
      ? `none: fewer than ${MIN_CLUSTER_REGIONS} regions of one level have data`
      : `k-means++ (models/clusters) per level on log caseDensity, 7-day growth rate, Rt and log weekly deaths per 100k (+ mobility where covered) as of each region's latest day, ids ordered from lowest to highest caseDensity; ${notes.join("; ")}`;
  return { method, clusters, byRegion };
}
