// Input checks of the risk-result writes: run before any SQL, so a malformed result fails with
// InvalidRiskResultError and writes nothing.
import { InvalidRiskResultError } from "./errors.ts";
import type { ClusterRunInput, ForecastSet, RiskSnapshotRecord } from "./riskTypes.ts";

export const QUANTILES_PER_ROW = 23;
const LEVELS = new Set(["county", "state", "country"]);
const NUMERIC_SNAPSHOT_FIELDS = [
  "newCases7dAvg",
  "caseDensity",
  "weeklyCasesPer100k",
  "growthRate",
  "doublingTime",
  "newDeaths7dAvg",
  "deathsPer100k",
  "weeklyDeathsPer100k",
  "rt",
  "rtLow",
  "rtHigh",
  "mobilityChange",
  "prevalence",
  "prevalenceLow",
  "prevalenceHigh",
] as const;

const isInt32 = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;

export function checkRiskSnapshots(rows: RiskSnapshotRecord[]): void {
  const seen = new Set<number>();
  rows.forEach((r, i) => {
    const where = `risk snapshot row ${i} (region ${r?.regionId})`;
    if (!isInt32(r?.regionId)) throw new InvalidRiskResultError(`${where}: regionId must be an int32`);
    if (seen.has(r.regionId)) throw new InvalidRiskResultError(`${where}: region appears twice`);
    seen.add(r.regionId);
    if (!isInt32(r.day) || !isInt32(r.rtLagDays)) throw new InvalidRiskResultError(`${where}: day and rtLagDays must be int32`);
    if (!r.dataset || !r.runId) throw new InvalidRiskResultError(`${where}: dataset and runId are required`);
    for (const f of NUMERIC_SNAPSHOT_FIELDS) {
      const v = r[f];
      // Infinity is meaningful for a doubling time (not growing) but has no JSON form: store null.
      if (v !== null && !(typeof v === "number" && Number.isFinite(v))) throw new InvalidRiskResultError(`${where}: ${f} must be a finite number or null, got ${v}`);
    }
    for (const f of ["caseDensityLevel", "infectionRateLevel", "overallLevel", "cdcLevel"] as const) {
      if (typeof r[f] !== "string" || r[f].length === 0) throw new InvalidRiskResultError(`${where}: ${f} must be a level name`);
    }
    if ((r.clusterRunId !== null && !isInt32(r.clusterRunId)) || (r.cluster !== null && !isInt32(r.cluster))) {
      throw new InvalidRiskResultError(`${where}: clusterRunId and cluster must be int32 or null`);
    }
  });
}

export function checkForecastSet(set: ForecastSet): void {
  if (!set?.model || !set.runId) throw new InvalidRiskResultError("forecast set: model and runId are required");
  if (!isInt32(set.forecastDay)) throw new InvalidRiskResultError("forecast set: forecastDay must be an int32 day number");
  if (!(set.regionId instanceof Int32Array) || !(set.targetEndDay instanceof Int32Array) || !(set.quantiles instanceof Float64Array)) {
    throw new InvalidRiskResultError("forecast set: regionId and targetEndDay must be Int32Array, quantiles a Float64Array");
  }
  const n = set.regionId.length;
  if (set.location.length !== n || set.target.length !== n || set.targetEndDay.length !== n || set.quantiles.length !== n * QUANTILES_PER_ROW) {
    throw new InvalidRiskResultError(`forecast set: ${n} rows need ${n} locations, targets and end days and ${n * QUANTILES_PER_ROW} quantile values`);
  }
  const keys = new Set<string>();
  for (let i = 0; i < n; i++) {
    const key = `${set.regionId[i]}|${set.target[i]}`;
    if (keys.has(key)) throw new InvalidRiskResultError(`forecast set: region ${set.regionId[i]} has target "${set.target[i]}" twice`);
    keys.add(key);
    if (!/^([1-9]\d* wk ahead (inc|cum) (case|death)|-?\d wk inc covid hosp)$/.test(set.target[i]))
      throw new InvalidRiskResultError(`forecast set: "${set.target[i]}" is not a Hub target`);
    if (!set.location[i]) throw new InvalidRiskResultError(`forecast set: row ${i} has no location`);
    for (let q = 0; q < QUANTILES_PER_ROW; q++) {
      const v = set.quantiles[i * QUANTILES_PER_ROW + q];
      if (!Number.isFinite(v) || v < 0) throw new InvalidRiskResultError(`forecast set: row ${i} quantile ${q} is ${v}; must be finite and ≥ 0`);
      if (q > 0 && v < set.quantiles[i * QUANTILES_PER_ROW + q - 1]) throw new InvalidRiskResultError(`forecast set: row ${i} quantiles decrease at ${q}`);
    }
  }
}

export function checkClusterRun(run: ClusterRunInput): void {
  if (!LEVELS.has(run?.level)) throw new InvalidRiskResultError(`cluster run: level must be county, state or country, got ${run?.level}`);
  if (!run.runId) throw new InvalidRiskResultError("cluster run: runId is required");
  if (!isInt32(run.k) || run.k < 1) throw new InvalidRiskResultError(`cluster run: k must be a positive integer, got ${run.k}`);
  if (!isInt32(run.asOfDay)) throw new InvalidRiskResultError("cluster run: asOfDay must be an int32 day number");
  for (const [name, v] of [
    ["silhouette", run.silhouette],
    ["calinskiHarabasz", run.calinskiHarabasz],
    ["seedStability", run.seedStability],
  ] as const) {
    if (!Number.isFinite(v)) throw new InvalidRiskResultError(`cluster run: ${name} must be finite, got ${v}`);
  }
  if (run.ariPrevious !== null && !Number.isFinite(run.ariPrevious)) throw new InvalidRiskResultError("cluster run: ariPrevious must be finite or null");
  if (run.features.length === 0 || run.centroids.length !== run.k * run.features.length) {
    throw new InvalidRiskResultError(`cluster run: centroids must hold k × features = ${run.k * run.features.length} values`);
  }
  if (!run.centroids.every(Number.isFinite)) throw new InvalidRiskResultError("cluster run: centroids must be finite");
  if (!(run.regionId instanceof Int32Array) || !(run.cluster instanceof Int32Array) || run.regionId.length !== run.cluster.length) {
    throw new InvalidRiskResultError("cluster run: regionId and cluster must be Int32Arrays of one length");
  }
  if (new Set(run.regionId).size !== run.regionId.length) throw new InvalidRiskResultError("cluster run: a region is assigned twice");
  for (const c of run.cluster) if (c < 0 || c >= run.k) throw new InvalidRiskResultError(`cluster run: cluster ${c} is outside 0 … ${run.k - 1}`);
}
