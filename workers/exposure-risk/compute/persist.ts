// Stores one recompute: cluster runs first (their ids go into the snapshot rows), then the
// latest figures per region, then the forecasts grouped by (model, forecast date) in Hub terms.
import { BASELINE_MODEL_NAME, COVID_MESH_MODEL_NAME, QUANTILE_COUNT } from "../../../models/mod.ts";
import type { ClusterRunRecord, ForecastSet, RegionRecord, RiskSnapshotRecord, Storage } from "../../../sql/mod.ts";
import type { RegionForecast } from "../snapshotTypes.ts";
import { hubLocation } from "../handlers/forecast.ts";
import type { RiskModels } from "./types.ts";

export interface PersistResult {
  clusterRuns: ClusterRunRecord[];
  snapshots: number;
  forecasts: number;
  ms: number;
}

/** Forecast rows grouped by forecast date: regions whose data ends earlier forecast from an earlier Monday. */
export function forecastSets(model: string, byRegion: Map<number, RegionForecast>, regions: (id: number) => RegionRecord | undefined, runId: string): ForecastSet[] {
  const groups = new Map<number, Array<{ regionId: number; location: string; target: string; end: number; values: Float64Array }>>();
  for (const [regionId, f] of byRegion) {
    const region = regions(regionId);
    if (!region) continue;
    const location = hubLocation(region);
    const rows = groups.get(f.forecastDay) ?? [];
    groups.set(f.forecastDay, rows);
    for (const [kind, values] of [
      ["case", f.cases],
      ["death", f.deaths],
    ] as const) {
      if (!values) continue;
      const horizons = values.length / QUANTILE_COUNT;
      for (let h = 1; h <= horizons; h++) {
        rows.push({ regionId, location, target: `${h} wk ahead inc ${kind}`, end: f.lastSaturday + 7 * h, values: values.subarray((h - 1) * QUANTILE_COUNT, h * QUANTILE_COUNT) });
      }
    }
  }
  return [...groups].map(([forecastDay, rows]) => {
    const quantiles = new Float64Array(rows.length * QUANTILE_COUNT);
    rows.forEach((r, i) => quantiles.set(r.values, i * QUANTILE_COUNT));
    return {
      model,
      forecastDay,
      runId,
      regionId: Int32Array.from(rows, (r) => r.regionId),
      location: rows.map((r) => r.location),
      target: rows.map((r) => r.target),
      targetEndDay: Int32Array.from(rows, (r) => r.end),
      quantiles,
    };
  });
}

/** Rows of one storage call when a recompute is stored (risk snapshots; forecast rows: 4×). */
export const PERSIST_PART_ROWS = 500;

/** A forecast set cut into sets of at most `max` rows (same model, forecast date and run). */
export function forecastSetParts(set: ForecastSet, max: number): ForecastSet[] {
  const n = set.regionId.length;
  if (n <= max) return [set];
  const parts: ForecastSet[] = [];
  const q = set.quantiles.length / n;
  for (let from = 0; from < n; from += max) {
    const to = Math.min(n, from + max);
    parts.push({
      ...set,
      regionId: set.regionId.subarray(from, to),
      location: set.location.slice(from, to),
      target: set.target.slice(from, to),
      targetEndDay: set.targetEndDay.subarray(from, to),
      quantiles: set.quantiles.subarray(from * q, to * q),
    });
  }
  return parts;
}

export async function persistRiskModels(storage: Storage, models: RiskModels, regions: (id: number) => RegionRecord | undefined, signal?: AbortSignal): Promise<PersistResult> {
  const t0 = performance.now();
  const clusterRuns: ClusterRunRecord[] = [];
  for (const run of models.clusterRuns) clusterRuns.push(await storage.saveClusterRun(run));
  const rows: RiskSnapshotRecord[] = [];
  for (const r of models.latest.values()) {
    const cluster = clusterOfRegion(clusterRuns, r.regionId);
    rows.push(cluster ? { ...r, clusterRunId: cluster.runId, cluster: cluster.cluster } : r);
  }
  // In parts: each call validates and serializes its rows synchronously on this thread, which
  // also answers risk queries; a part is a few ms, the whole of the JHU US counties was 0.2–0.5 s.
  let snapshots = 0;
  for (let from = 0; from < rows.length; from += PERSIST_PART_ROWS) {
    signal?.throwIfAborted();
    snapshots += await storage.saveRiskSnapshots(rows.slice(from, from + PERSIST_PART_ROWS));
  }
  let forecasts = 0;
  for (const [model, byRegion] of [
    [COVID_MESH_MODEL_NAME, models.forecasts],
    [BASELINE_MODEL_NAME, models.baselineForecasts],
  ] as const) {
    for (const set of forecastSets(model, byRegion, regions, models.runId)) {
      for (const part of forecastSetParts(set, PERSIST_PART_ROWS * 4)) {
        signal?.throwIfAborted();
        forecasts += await storage.saveForecasts(part);
      }
    }
  }
  return { clusterRuns, snapshots, forecasts, ms: performance.now() - t0 };
}

function clusterOfRegion(runs: ClusterRunRecord[], regionId: number): { runId: number; cluster: number } | null {
  for (const run of runs) {
    const i = indexOf(run, regionId);
    if (i >= 0) return { runId: run.id, cluster: run.cluster[i] };
  }
  return null;
}

/** Index of a region in a run (runs are a few thousand regions; built once per run). */
const indexes = new WeakMap<ClusterRunRecord, Map<number, number>>();
function indexOf(run: ClusterRunRecord, regionId: number): number {
  let index = indexes.get(run);
  if (!index) {
    index = new Map();
    run.regionId.forEach((id, i) => index!.set(id, i));
    indexes.set(run, index);
  }
  return index.get(regionId) ?? -1;
}
