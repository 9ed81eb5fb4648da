// Exposure-risk worker: answers risk queries over request/reply in a queue group (a pool shares
// the load) from an in-memory snapshot, rebuilt whenever new observations are committed. After
// each rebuild the risk models (metrics, Rt, levels, clusters, forecasts for every region) are
// recomputed off the request path (compute/), attached to the snapshot, stored and announced.
import { emit, listen, type Logger, type Mesh, silentLogger } from "../../mesh/mod.ts";
import { isoOfDay, messages, REPORTS_DATASET, type WeeklyStore } from "../../domain/mod.ts";
import { isObservationDataset } from "../../pipelines/mod.ts";
import type { ObservationSeries, Storage } from "../../sql/mod.ts";
import { buildSnapshot, createLocatorCache } from "./snapshot.ts";
import { warmMetrics } from "./regionMetrics.ts";
import type { Snapshot } from "./snapshotTypes.ts";
import { serveQueries } from "./handlers/register.ts";
import { overlayReports } from "./reportsOverlay.ts";
import { attachRiskModels, createRiskRecomputer, type AscertainmentMode, type PersistResult, type RiskModels, type ThreadComputeOptions } from "./compute/mod.ts";
import { createCurrentState, type CurrentState, type CurrentStateOptions } from "./current/currentState.ts";
import { hasWeeklyData, WEEKLY_SOURCES } from "./current/weeklyData.ts";
import { createQueryMembership } from "./queryMembership.ts";
import { createHospForecastState, type HospForecastState } from "./current/hospForecasts.ts";

export interface ExposureRiskWorkerOptions {
  mesh: Mesh;
  storage: Storage;
  ascertainment: number;
  /** Observation datasets to answer from (default ["jhu-us"]); a dataset named by a commit event joins. */
  datasets?: string[];
  /** Coalesces bursts of commit events into one rebuild. */
  rebuildDebounceMs?: number;
  logger?: Logger;
  /** Recompute metrics, clusters and forecasts after each rebuild (default true). */
  riskModels?: boolean;
  /** Event-risk ascertainment of the stored figures: constant (default) or Youyang Gu's time-aware ratio. */
  ascertainmentMode?: AscertainmentMode;
  /** Mobility contact adjustment of the event risk (default 0: off; see README "Risk models"). */
  contactStrength?: number;
  /** Weekly CDC indicators for `current` (default: `storage`, when it implements WeeklyStore). */
  weekly?: WeeklyStore | null;
  /** First wait before a failed snapshot load is tried again (doubles up to 30 s; default 1 s). */
  rebuildRetryMs?: number;
  /**
   * Run the risk-model recompute on a worker thread (default true; see compute/computeThread.ts),
   * so this thread keeps answering from the current snapshot while the next models are computed.
   */
  recomputeThread?: boolean;
  /** Test hook of the recompute thread (compute/computeThread.ts). */
  recomputeThreadHooks?: ThreadComputeOptions;
}

export interface ExposureRiskWorker {
  stop(): Promise<void>;
  /** Rebuilds now and resolves when the new snapshot is live. */
  rebuild(): Promise<void>;
  snapshot(): Snapshot | null;
  /** The weekly indicators (null: no weekly store). */
  current(): CurrentState | null;
  /** The hospital-admission forecasts (null: no weekly store). */
  hospForecasts(): HospForecastState | null;
  /** Resolves when no risk-model recompute is running or pending. */
  riskModelsIdle(): Promise<void>;
  /** True once this instance takes queries (it has loaded data; see queryMembership.ts). */
  answering(): boolean;
}

export async function startExposureRiskWorker(opts: ExposureRiskWorkerOptions): Promise<ExposureRiskWorker> {
  const { mesh, storage } = opts;
  const log = opts.logger ?? silentLogger;
  const datasets = new Set(opts.datasets ?? ["jhu-us"]);
  const c = mesh.contract;
  let current: Snapshot | null = null;
  // Pushed reports are overlaid on the base snapshot (see reportsOverlay.ts), not rebuilt into it.
  let base: Snapshot | null = null;
  let reports: ObservationSeries | null = null;
  let reportsLoad: Promise<void> = Promise.resolve();
  let building: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A failed load (database unreachable) is tried again by itself: otherwise only the next
  // commit event would, and a worker restarted during an outage would stay empty until then.
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = opts.rebuildRetryMs ?? 1_000;
  let stopped = false;
  // The point locator is rebuilt only when the registry changed (an ingest of observations does not).
  const locators = createLocatorCache();

  const recomputer =
    opts.riskModels === false
      ? null
      : createRiskRecomputer({
          storage,
          ascertainment: opts.ascertainment,
          ascertainmentMode: opts.ascertainmentMode,
          contactStrength: opts.contactStrength,
          logger: log,
          thread: opts.recomputeThread,
          threadHooks: opts.recomputeThreadHooks,
          onComputed: (models) => {
            if (!base) return;
            base = attachRiskModels(base, models);
            current = overlayReports(base, reports);
            announceSnapshot(current);
          },
          onStored: (models, persisted) => announceModels(models, persisted),
        });

  // Tells listeners that figures, clusters and forecasts of every region were recomputed (and stored).
  const announceModels = (models: RiskModels, persisted: PersistResult | null) => {
    try {
      emit(mesh, c.subjects.riskModelsUpdated, messages.riskModelsUpdated, {
        runId: models.runId,
        builtAt: models.builtAt,
        lastDate: models.lastDay >= 0 ? isoOfDay(models.lastDay) : null,
        regions: models.latest.size,
        forecastRegions: models.forecasts.size,
        forecastRows: persisted?.forecasts ?? 0,
        clusterRuns: models.clusterRuns.map((r) => ({
          id: persisted?.clusterRuns.find((p) => p.level === r.level)?.id ?? null,
          level: r.level,
          k: r.k,
          silhouette: r.silhouette,
          calinskiHarabasz: r.calinskiHarabasz,
          ariPrevious: r.ariPrevious,
        })),
        stored: persisted !== null,
        computeMs: Math.round(models.timings.totalMs),
        persistMs: Math.round(persisted?.ms ?? 0),
      });
    } catch (err) {
      log.warn({ err }, "risk models update event not sent");
    }
  };

  // Tells gateways to drop cached answers: they may have changed with this snapshot.
  const announceSnapshot = (snap: Snapshot) => {
    try {
      emit(mesh, c.subjects.riskSnapshotUpdated, messages.riskSnapshotUpdated, {
        builtAt: snap.builtAt,
        lastDate: snap.lastDay >= 0 ? isoOfDay(snap.lastDay) : null,
        regions: snap.series.size,
        datasets: snap.datasets,
      });
    } catch (err) {
      log.warn({ err }, "snapshot update event not sent");
    }
  };

  /** Reloads the reports dataset and re-overlays it; loads run one after another, so the last wins. */
  const refreshReports = (): Promise<void> =>
    (reportsLoad = reportsLoad.then(async () => {
      try {
        reports = await storage.loadObservationSeries(REPORTS_DATASET);
        if (!base) return;
        current = overlayReports(base, reports);
        announceSnapshot(current);
      } catch (err) {
        log.error({ err }, "reports overlay failed; keeping the previous snapshot");
      }
    }));

  const rebuild = async (): Promise<void> => {
    if (building) {
      again = true; // data committed during a build: build once more afterwards
      return building;
    }
    building = (async () => {
      do {
        again = false;
        const t0 = performance.now();
        try {
          let next = await buildSnapshot(storage, [...datasets], locators);
          // The regions answered so far get their metrics before the swap, in slices, while the
          // live snapshot keeps answering (regionMetrics.ts): not all at once after it.
          const warmed = base ? await warmMetrics(base, next) : { carried: 0, computed: 0 };
          // Until its own recompute lands, a new snapshot answers with the last models (forecasts
          // are only used while their last observed week is still the region's).
          const models = recomputer?.latest();
          if (models) next = attachRiskModels(next, models);
          base = next;
          current = overlayReports(base, reports);
          log.info({ regions: current.series.size, ms: Math.round(performance.now() - t0), metrics: warmed }, "risk snapshot rebuilt");
          announceSnapshot(current);
          recomputer?.schedule(base);
          weekly?.regionsChanged();
          retryMs = opts.rebuildRetryMs ?? 1_000;
          membership.check();
        } catch (err) {
          log.error({ err, retryInMs: retryMs }, "risk snapshot rebuild failed; keeping the previous one");
          if (!stopped) {
            clearTimeout(retryTimer);
            retryTimer = setTimeout(() => void rebuild(), retryMs);
            retryMs = Math.min(retryMs * 2, 30_000);
          }
        }
      } while (again);
    })().finally(() => (building = null));
    return building;
  };

  const weeklyStore = opts.weekly !== undefined ? opts.weekly : isWeeklyStore(storage) ? storage : null;
  const weekly = weeklyStore
    ? createCurrentState({
        store: weeklyStore,
        regions: () => base?.regions ?? null,
        logger: log,
        ...currentRunStore(storage),
        onChanged: () => current && announceSnapshot(current),
      })
    : null;

  // Recomputed after each weekly ingest, but only when it brought a new publication.
  const hospForecasts = weeklyStore
    ? createHospForecastState({
        store: weeklyStore,
        logger: log,
        ...(typeof (storage as Partial<Storage>).saveForecasts === "function" ? { save: (set) => storage.saveForecasts(set) } : {}),
        onChanged: () => current && announceSnapshot(current),
      })
    : null;
  const refreshWeekly = async (): Promise<void> => {
    await weekly?.refresh();
    await hospForecasts?.refresh();
    membership.check();
  };

  // Data to answer from: daily observations, or the weekly indicators (answered without them).
  const hasData = () => {
    const w = weekly?.latest();
    return current !== null && (current.series.size > 0 || (w != null && hasWeeklyData(w)));
  };
  const membership = createQueryMembership({
    ready: hasData,
    join: () => serveQueries({ mesh, snapshot: () => current, ascertainment: opts.ascertainment, logger: log, current: weekly, hospForecasts }),
    logger: log,
  });

  await refreshReports();
  await rebuild();
  await refreshWeekly(); // joins the queue group when there is data (else a later rebuild does)
  // Started means askable: the server has registered the query subscriptions before we return
  // (a request from another connection could otherwise overtake the SUB and see no responders).
  if (membership.joined()) await mesh.nc.flush().catch(() => undefined);

  // Every instance hears every commit (no queue group): each holds its own snapshot.
  const commits = listen(
    mesh,
    c.subjects.observationsCommitted,
    messages.observationsCommitted,
    (ev) => {
      if (ev.value.dataset === REPORTS_DATASET) return refreshReports();
      // A weekly source's rows are not daily observations: reload the weekly indicators only.
      if (WEEKLY_SOURCES.has(ev.value.dataset) || WEEKLY_SOURCES.has(ev.value.source)) return refreshWeekly();
      // Mobility is not daily cases/deaths either: never load it as such.
      if (isObservationDataset(ev.value.dataset)) datasets.add(ev.value.dataset);
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), opts.rebuildDebounceMs ?? 250);
    },
    { logger: log },
  );

  return {
    snapshot: () => current,
    current: () => weekly,
    hospForecasts: () => hospForecasts,
    rebuild,
    answering: () => membership.joined(),
    riskModelsIdle: async () => {
      await building;
      await recomputer?.idle();
      await weekly?.idle();
      await hospForecasts?.idle();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(retryTimer);
      await commits.stop();
      await membership.stop();
      await building;
      await recomputer?.stop();
      await reportsLoad;
      await weekly?.idle();
      await hospForecasts?.idle();
    },
  };
}

function isWeeklyStore(s: unknown): s is WeeklyStore {
  return typeof (s as Partial<WeeklyStore>).loadWeeklySeries === "function";
}

/** Stores current-indicator cluster runs apart from the historical ones, when storage can. */
function currentRunStore(storage: Storage): Pick<CurrentStateOptions, "saveRun" | "loadPreviousRun"> {
  const s = storage as Partial<Storage>;
  if (typeof s.saveClusterRun !== "function" || typeof s.latestClusterRun !== "function") return {};
  return {
    saveRun: (run) => s.saveClusterRun!.call(storage, { ...run, kind: "current" }),
    loadPreviousRun: () => s.latestClusterRun!.call(storage, "county", "current"),
  };
}
