// Runs the risk-model recompute after each snapshot rebuild, one at a time: a rebuild that
// lands while one runs is remembered and only the newest is computed next (latest wins). The
// result goes live in memory first (onComputed), then is stored; failures keep the previous
// models and are logged, never thrown into the worker. The computation itself runs on a worker
// thread (computeThread.ts): the thread that answers queries only loads, hands over and swaps.
import { silentLogger, type Logger } from "../../../mesh/mod.ts";
import type { MobilitySeries, RegionLevel, Storage } from "../../../sql/mod.ts";
import type { Snapshot } from "../snapshotTypes.ts";
import { computeRiskModels } from "./computeRiskModels.ts";
import { computeRiskModelsOffThread, type ThreadComputeOptions } from "./computeThread.ts";
import { latestMobility } from "./mobility.ts";
import { persistRiskModels, type PersistResult } from "./persist.ts";
import type { AscertainmentMode, PreviousClusterRun, RecomputeOptions, RiskModels } from "./types.ts";
import type { RegionSeries } from "../snapshotTypes.ts";

/** Social-activity datasets read for the mobility feature, preferred first (OI covers US states). */
export const MOBILITY_DATASETS = ["oi-mobility", "google-mobility"];

export interface RiskRecomputerOptions {
  storage: Storage;
  ascertainment: number;
  ascertainmentMode?: AscertainmentMode;
  contactStrength?: number;
  logger?: Logger;
  /** The new models are ready: attach them to the live snapshot. */
  onComputed(models: RiskModels): void;
  /** The models were stored (persisted null: storing failed). */
  onStored?(models: RiskModels, persisted: PersistResult | null): void;
  /** Store results in SQL (default true). */
  persist?: boolean;
  /**
   * Compute on a worker thread (default true). False: on the caller's thread in 20 ms slices
   * (the previous behaviour; a one-off tool that answers nothing does not need a thread).
   */
  thread?: boolean;
  /** Test hook of the thread (see computeThread.ts). */
  threadHooks?: ThreadComputeOptions;
}

export interface RiskRecomputer {
  /** Recompute over this snapshot's series (coalesced with any pending one). */
  schedule(snapshot: Snapshot): void;
  /** Resolves when nothing is running or pending. */
  idle(): Promise<void>;
  latest(): RiskModels | null;
  stop(): Promise<void>;
}

export function createRiskRecomputer(opts: RiskRecomputerOptions): RiskRecomputer {
  const log = opts.logger ?? silentLogger;
  let pending: Snapshot | null = null;
  let running: Promise<void> | null = null;
  let latest: RiskModels | null = null;
  let previousRuns: Map<RegionLevel, PreviousClusterRun> | null = null;
  let stopped = false;
  // Stopping aborts a running recompute (ends its thread) instead of waiting it out.
  const abort = new AbortController();

  async function loadPreviousRuns(): Promise<Map<RegionLevel, PreviousClusterRun>> {
    const out = new Map<RegionLevel, PreviousClusterRun>();
    for (const level of ["county", "state", "country"] as const) {
      try {
        const run = await opts.storage.latestClusterRun(level);
        if (run) out.set(level, { id: run.id, regionId: run.regionId, cluster: run.cluster });
      } catch (err) {
        log.warn({ err, level }, "previous cluster run not loaded; stability against it is skipped");
      }
    }
    return out;
  }

  async function loadMobility(): Promise<MobilitySeries[]> {
    const out: MobilitySeries[] = [];
    for (const dataset of MOBILITY_DATASETS) {
      try {
        const m = await opts.storage.loadMobilitySeries(dataset);
        if (m.regionId.length > 0) out.push(m);
      } catch (err) {
        log.warn({ err, dataset }, "mobility not loaded; clusters and figures go without it");
      }
    }
    return out;
  }

  async function runOnce(snapshot: Snapshot): Promise<void> {
    const persist = opts.persist ?? true;
    previousRuns ??= persist ? await loadPreviousRuns() : new Map();
    const mobility = latestMobility(await loadMobility());
    const compute = (series: Iterable<RegionSeries>, o: RecomputeOptions) =>
      (opts.thread ?? true) ? computeRiskModelsOffThread(series, o, opts.threadHooks) : computeRiskModels(series, o);
    const models = await compute(snapshot.series.values(), {
      ascertainment: opts.ascertainment,
      ascertainmentMode: opts.ascertainmentMode,
      contactStrength: opts.contactStrength,
      previousRuns,
      mobility,
      signal: abort.signal,
    });
    if (stopped) return;
    latest = models;
    opts.onComputed(models);
    log.info({ runId: models.runId, ...models.timings }, "risk models recomputed");
    let persisted: PersistResult | null = null;
    if (persist) {
      try {
        persisted = await persistRiskModels(opts.storage, models, (id) => snapshot.regions.get(id), abort.signal);
        previousRuns = new Map(persisted.clusterRuns.map((r) => [r.level, { id: r.id, regionId: r.regionId, cluster: r.cluster }]));
        models.storedRunIds = persisted.clusterRuns.map((r) => r.id);
        log.info({ runId: models.runId, snapshots: persisted.snapshots, forecasts: persisted.forecasts, ms: Math.round(persisted.ms) }, "risk models stored");
      } catch (err) {
        if (stopped) return;
        log.error({ err, runId: models.runId }, "risk models not stored; they are still served from memory");
      }
    } else {
      previousRuns = new Map(models.clusterRuns.map((r) => [r.level, { id: null, regionId: r.regionId, cluster: r.cluster }]));
    }
    opts.onStored?.(models, persisted);
  }

  function pump(): void {
    if (running || !pending || stopped) return;
    const snapshot = pending;
    pending = null;
    running = runOnce(snapshot)
      .catch((err) => {
        if (!stopped) log.error({ err }, "risk model recompute failed; keeping the previous models");
      })
      .finally(() => {
        running = null;
        pump();
      });
  }

  return {
    schedule(snapshot) {
      pending = snapshot;
      pump();
    },
    async idle() {
      while (running) await running;
    },
    latest: () => latest,
    async stop() {
      stopped = true;
      pending = null;
      abort.abort();
      while (running) await running;
    },
  };
}
