// The risk worker's weekly state: the indicators as stored now (reloaded when an ingest of a
// weekly source finishes), the same as known on past days (loaded on demand, a few kept), and
// the clusters over the current indicators (recomputed when the data or the registry changes).
import type { WeeklyStore } from "../../../domain/mod.ts";
import { silentLogger, type Logger } from "../../../mesh/mod.ts";
import type { ClusterRunInput, RegionRecord } from "../../../sql/mod.ts";
import { computeCurrentClusters, type CurrentClusters } from "./currentClusters.ts";
import { hasWeeklyData, loadWeeklyAsOf, loadWeeklyData, probeSinglePublications, type WeeklyData } from "./weeklyData.ts";
import { coalescing } from "./coalescing.ts";

export interface CurrentStateOptions {
  store: WeeklyStore;
  /** The region registry of the live snapshot (null before the first one). */
  regions: () => Map<number, RegionRecord> | null;
  logger?: Logger;
  /** Stores a current-indicator cluster run; returns its id (absent: not stored). */
  saveRun?: (run: ClusterRunInput) => Promise<{ id: number }>;
  /** The last stored current-indicator run, to compare the first run of this process with. */
  loadPreviousRun?: () => Promise<{ id: number; regionId: Int32Array; cluster: Int32Array } | null>;
  /** Called when what `current` or the current clusters answer may have changed. */
  onChanged?: () => void;
  /** Past days whose data is kept loaded (default 6: NSSP alone is 389,580 rows × 22 bytes of typed arrays, plus missing reasons). */
  pastDays?: number;
}

export interface StoredCurrentClusters extends CurrentClusters {
  /** cluster_runs.id of the stored run, null when not stored. */
  storedId: number | null;
}

export interface CurrentState {
  latest(): WeeklyData | null;
  clusters(): StoredCurrentClusters | null;
  /** The data as known on `day` (null while nothing is loaded). */
  forDay(day: number): Promise<WeeklyData | null>;
  /** Reloads from storage (calls during a reload coalesce into one more). */
  refresh(): Promise<void>;
  /** Recomputes the clusters if the registry changed since they were computed. */
  regionsChanged(): void;
  idle(): Promise<void>;
}

export function createCurrentState(opts: CurrentStateOptions): CurrentState {
  const log = opts.logger ?? silentLogger;
  const maxPast = opts.pastDays ?? 6;
  let latest: WeeklyData | null = null;
  let clusters: StoredCurrentClusters | null = null;
  let clusteredRegions: Map<number, RegionRecord> | null = null;
  let past = new Map<number, Promise<WeeklyData>>();
  // Per source, a day by which nothing of it was published (reset with each reload).
  let nothingBy = new Map<string, number>();
  let clustering: Promise<void> = Promise.resolve();
  let previous: { id: number | null; regionId: Int32Array; cluster: Int32Array } | null = null;
  let previousLoaded = false;

  const recluster = (): Promise<void> =>
    (clustering = clustering.then(async () => {
      const regions = opts.regions();
      const data = latest;
      if (!regions || !data || !hasWeeklyData(data)) return;
      clusteredRegions = regions;
      try {
        if (!previousLoaded && opts.loadPreviousRun) {
          previousLoaded = true;
          previous = await opts.loadPreviousRun().catch((err) => {
            log.warn({ err }, "previous current-indicator cluster run not loaded; stability against it is skipped");
            return null;
          });
        }
        const c = computeCurrentClusters(data, regions, crypto.randomUUID(), previous);
        if (!c) {
          clusters = null;
          return;
        }
        let storedId: number | null = null;
        if (opts.saveRun) {
          try {
            storedId = (await opts.saveRun(c.run)).id;
          } catch (err) {
            log.error({ err }, "current cluster run not stored; it is still served from memory");
          }
        }
        clusters = { ...c, storedId };
        previous = { id: storedId, regionId: c.run.regionId, cluster: c.run.cluster };
        log.info({ counties: c.run.regionId.length, k: c.run.k, silhouette: c.run.silhouette, storedId }, "current-indicator clusters computed");
      } catch (err) {
        log.error({ err }, "current-indicator clustering failed; keeping the previous clusters");
      }
      opts.onChanged?.();
    }));

  const runner = coalescing(async () => {
    const t0 = performance.now();
    try {
      const before = latest;
      latest = await loadWeeklyData(opts.store, log);
      past = new Map();
      nothingBy = new Map();
      // In the background: queries need not wait for it, it only spares storage later.
      void probeSinglePublications(opts.store, latest, nothingBy, log);
      log.info(
        { ed: latest.ed.series.regionId.length, hosp: latest.hosp.map((h) => h.series.regionId.length), ms: Math.round(performance.now() - t0) },
        "weekly indicators loaded",
      );
      // Empty before and after (no weekly source ingested yet): nothing for gateways to drop.
      if (hasWeeklyData(latest) || (before !== null && hasWeeklyData(before))) opts.onChanged?.();
      await recluster();
    } catch (err) {
      log.error({ err }, "weekly indicators not loaded; keeping the previous ones");
    }
  });
  const refresh = (): Promise<void> => runner.run();

  return {
    latest: () => latest,
    clusters: () => clusters,
    async forDay(day) {
      const base = latest;
      if (!base) return null;
      let p = past.get(day);
      if (!p) {
        p = loadWeeklyAsOf(opts.store, base, day, log, nothingBy);
        // A failed load is not kept: the next query tries again.
        p.catch(() => past.get(day) === p && past.delete(day));
        past.set(day, p);
        if (past.size > maxPast) past.delete(past.keys().next().value!);
      }
      return p;
    },
    refresh,
    regionsChanged() {
      const regions = opts.regions();
      if (regions && regions !== clusteredRegions && (clusteredRegions === null || regions.size !== clusteredRegions.size)) void recluster();
    },
    async idle() {
      await runner.idle();
      await clustering;
    },
  };
}
