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

export async function persistRiskModels(storage: Storage, models: RiskModels, regions: (id: number) => RegionRecord | undefined, signal?: AbortSignal): Promise<PersistResult> {
  const t0 = performance.now();
  const clusterRuns: ClusterRunRecord[] = [];
  for (const run of models.clusterRuns) clusterRuns.push(await storage.saveClusterRun(run));
  const rows: RiskSnapshotRecord[] = [];
  for (const r of models.latest.values()) {
    const cluster = clusterOfRegion(clusterRuns, r.regionId);
    rows.push(cluster ? { ...r, clusterRunId: cluster.runId, cluster: cluster.cluster } : r);
  }
  const snapshots = rows.length === 0 ? 0 : await storage.saveRiskSnapshots(rows);
  let forecasts = 0;
  for (const [model, byRegion] of [
    [COVID_MESH_MODEL_NAME, models.forecasts],
    [BASELINE_MODEL_NAME, models.baselineForecasts],
  ] as const) {
    for (const set of forecastSets(model, byRegion, regions, models.runId)) {
      signal?.throwIfAborted();
      forecasts += await storage.saveForecasts(set);
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
