// Clusters over the current CDC indicators, beside the historical ones (compute/clusterLevels.ts):
// the counties of NSSP's newest week, on
//   log(1 + ED-visit %), trend (decreasing −1, no change 0, increasing +1; none → 0),
//   log(1 + the county's state's admissions per 100k) (unknown → the mean: z-score 0).
// k-means++ with restarts (models/clusters), k ∈ [3, 6] by silhouette, ids from lowest to
// highest ED-visit %.
import { adjustedRandIndex, clusterRegions } from "../../../models/mod.ts";
import type { ClusterRunInput, RegionRecord } from "../../../sql/mod.ts";
import type { ClusterAssignment } from "../snapshotTypes.ts";
import { isoOfDay } from "../../../domain/mod.ts";
import { admissionLevel } from "./admissionLevel.ts";
import { hospitalAdmissionsFor } from "./selectCurrent.ts";
import type { WeeklyData } from "./weeklyData.ts";

export const CURRENT_FEATURES = ["logEdVisitsPct", "edTrend", "logStateAdmissionsPer100k"];
const MIN_COUNTIES = 20;

export interface CurrentClusters {
  run: ClusterRunInput;
  assignment: ClusterAssignment;
  /** Counties whose state had no fresh admissions (filled with the mean). */
  withoutAdmissions: number;
}

/** The county's state: its parent, else 84000000 + the first two FIPS digits. */
export function stateOf(regions: Map<number, RegionRecord>, county: RegionRecord): RegionRecord | null {
  const parent = county.parentId !== null ? regions.get(county.parentId) : undefined;
  if (parent?.level === "state") return parent;
  if (county.fips && county.fips.length === 5) return regions.get(84_000_000 + Number(county.fips.slice(0, 2))) ?? null;
  return null;
}

const trendCode = (t: number) => (t < 0 ? 0 : t - 1);

function trendWord(code: number): string {
  if (code > 1 / 3) return "increasing";
  if (code < -1 / 3) return "decreasing";
  return "no change";
}

export function computeCurrentClusters(
  data: WeeklyData,
  regions: Map<number, RegionRecord>,
  runId: string,
  previous?: { id?: number | null; regionId: Int32Array; cluster: Int32Array } | null,
): CurrentClusters | null {
  const week = data.ed.newestWeek;
  if (week < 0) return null;
  const s = data.ed.series;
  const ids: number[] = [];
  const rows: number[] = [];
  const admissionsByState = new Map<number, number | null>();
  let withoutAdmissions = 0;
  for (const [regionId, r] of data.ed.rows) {
    const region = regions.get(regionId);
    if (region?.level !== "county") continue;
    const i = r.end - 1; // weeks ascend: the last row is the region's newest
    if (s.weekEnd[i] !== week || !Number.isFinite(s.value[i])) continue;
    const state = stateOf(regions, region);
    let per100k: number | null = null;
    if (state) {
      if (!admissionsByState.has(state.id)) admissionsByState.set(state.id, hospitalAdmissionsFor(data, state, null)?.per100k ?? null);
      per100k = admissionsByState.get(state.id)!;
    }
    if (per100k === null) withoutAdmissions++;
    ids.push(regionId);
    rows.push(Math.log1p(Math.max(0, s.value[i])), trendCode(s.trend[i]), per100k === null ? NaN : Math.log1p(per100k));
  }
  if (ids.length < MIN_COUNTIES) return null;
  const cols = CURRENT_FEATURES.length;
  const data3 = Float64Array.from(rows);
  // Unknown admissions → the mean of the known ones (its z-score is 0: no pull either way).
  let sum = 0;
  let known = 0;
  for (let i = 2; i < data3.length; i += cols) if (Number.isFinite(data3[i])) (sum += data3[i]), known++;
  const mean = known > 0 ? sum / known : 0;
  for (let i = 2; i < data3.length; i += cols) if (!Number.isFinite(data3[i])) data3[i] = mean;

  const result = clusterRegions({ data: data3, rows: ids.length, cols }, { riskFeature: 0, kMin: 3, kMax: 6, restarts: 4, silhouetteSampleSize: 1000, seed: 1 });
  const regionId = Int32Array.from(ids);
  const cluster = Int32Array.from(result.labels);
  const run: ClusterRunInput = {
    level: "county",
    features: CURRENT_FEATURES,
    k: result.k,
    silhouette: result.silhouette,
    calinskiHarabasz: result.calinskiHarabasz,
    seedStability: result.stability,
    ariPrevious: previous ? ariOver(previous, regionId, cluster) : null,
    previousRunId: previous?.id ?? null,
    centroids: result.centroids,
    asOfDay: week,
    runId,
    regionId,
    cluster,
  };
  return { run, assignment: assignmentOf(run, withoutAdmissions), withoutAdmissions };
}

function ariOver(previous: { regionId: Int32Array; cluster: Int32Array }, regionId: Int32Array, cluster: Int32Array): number | null {
  const before = new Map<number, number>();
  previous.regionId.forEach((id, i) => before.set(id, previous.cluster[i]));
  const a: number[] = [];
  const b: number[] = [];
  regionId.forEach((id, i) => {
    const p = before.get(id);
    if (p !== undefined) a.push(p), b.push(cluster[i]);
  });
  return a.length < 2 ? null : adjustedRandIndex(Int32Array.from(a), Int32Array.from(b));
}

function assignmentOf(run: ClusterRunInput, withoutAdmissions: number): ClusterAssignment {
  const cols = run.features.length;
  const clusters: ClusterAssignment["clusters"] = [];
  for (let c = 0; c < run.k; c++) {
    const centre = run.centroids.subarray(c * cols, c * cols + cols);
    const edVisitsPct = Math.expm1(centre[0]);
    const admissions = Math.expm1(centre[2]);
    clusters.push({
      id: c,
      label: `ED ${edVisitsPct.toFixed(2)}%, ${trendWord(centre[1])}, admissions ${admissionLevel(admissions) ?? "unknown"}`,
      size: 0,
      centre: { edVisitsPct, edTrend: centre[1], stateAdmissionsPer100k: admissions },
    });
  }
  const byRegion = new Map<number, number>();
  run.regionId.forEach((id, i) => {
    byRegion.set(id, run.cluster[i]);
    clusters[run.cluster[i]].size++;
  });
  const round = (v: number, d = 3) => Number(v.toFixed(d));
  const ari = run.ariPrevious === null ? "no previous run" : `ARI vs previous run ${round(run.ariPrevious)}`;
  const method =
    `k-means++ (models/clusters) over the current CDC indicators of the ${run.regionId.length} counties of NSSP's newest week (${isoOfDay(run.asOfDay)}): ` +
    `log ED-visit %, ED trend (−1 decreasing … +1 increasing) and log state admissions per 100k` +
    `${withoutAdmissions > 0 ? ` (${withoutAdmissions} counties without fresh state admissions take the mean)` : ""}; ` +
    `k=${run.k} by silhouette (${round(run.silhouette)}), Calinski–Harabasz ${round(run.calinskiHarabasz, 1)}, ${ari}; ids ordered from lowest to highest ED-visit %`;
  return { method, clusters, byRegion };
}
