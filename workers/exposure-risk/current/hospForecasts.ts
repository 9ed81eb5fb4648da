// The risk worker's forecasts of weekly COVID-19 hospital admissions (Forecast Hub
// target `wk inc covid hosp`): recomputed once per new NHSN publication (when the newest week or
// publication day of the admissions, or of the hub's ED-visit share, changes), stored in the
// forecasts table (model covid-mesh, one row per region and horizon, forecast date = the
// reference date, so every publication's forecast is kept) and kept in memory for the API.
import { COVIDHUB_TIME_SERIES_SOURCE, dayOfIso, isoOfDay, isSaturday, type WeeklySeries, type WeeklyStore } from "../../../domain/mod.ts";
import { silentLogger, type Logger } from "../../../mesh/mod.ts";
import { forecastHospitalAdmissions, type HospForecast } from "../../../models/forecast/hosp/mod.ts";
import { QUANTILE_COUNT } from "../../../models/mod.ts";
import type { ForecastSet } from "../../../sql/mod.ts";
import { HUB_POPULATION_BY_REGION } from "./hubPopulations.ts";
import { HOSPITAL_ADMISSIONS, type WeeklySourceRef } from "./weeklyData.ts";
import { coalescing } from "./coalescing.ts";

export const HOSP_FORECAST_MODEL = "covid-mesh";
/** Share of ED visits due to COVID-19, the forecaster's second input (hub time series). */
export const ED_SHARE: WeeklySourceRef = { source: COVIDHUB_TIME_SERIES_SOURCE, metric: "ed-visits-prop" };

/**
 * Past publications loaded besides the newest, one per earlier reference date (as known on its
 * Wednesday R − 3 − 7k): the model re-runs itself at ≈ 20 earlier reference dates (errorOrigins +
 * selectionOrigins + steps + truthLag + 1) and learns revisions and its real-time errors from
 * what was published then. Sources stored as one publication answer these with nothing.
 */
export const PAST_PUBLICATIONS = 24;

/** Stored target name of a horizon: the hub's target with its horizon in front, e.g. "1 wk inc covid hosp". */
export const hospTargetName = (horizon: number): string => `${horizon} wk inc covid hosp`;

export interface HospForecastRun {
  /** The Saturday reference date R (day number); the newest week in the data is R − 7. */
  referenceDay: number;
  /** The admissions series it was computed from (covidhub-hosp or covidhub-time-series). */
  dataset: string;
  /** Region → its forecasts, horizons −1…3 in order. */
  byRegion: ReadonlyMap<number, HospForecast[]>;
  /** Region → admissions published for week R − 7 (absent when not published). */
  lastObserved: ReadonlyMap<number, number>;
  /** Which publication it was computed from (dataset, newest week and publication days). */
  publication: string;
}

export interface HospForecastStateOptions {
  store: WeeklyStore;
  logger?: Logger;
  /** Stores the forecasts (absent: kept in memory only). */
  save?: (set: ForecastSet) => Promise<number>;
  /** Called after a new forecast is in memory (answers may have changed). */
  onChanged?: () => void;
}

export interface HospForecastState {
  latest(): HospForecastRun | null;
  /** Reloads the inputs and recomputes if they are a new publication (calls coalesce). */
  refresh(): Promise<void>;
  /** How many times the forecaster ran in this process. */
  recomputes(): number;
  idle(): Promise<void>;
}

/** Newest week with a value, and the newest publication day, of a series (−1 when empty). */
function newest(s: WeeklySeries): { week: number; asOf: number } {
  let week = -1;
  let asOf = -1;
  for (let i = 0; i < s.regionId.length; i++) {
    if (Number.isFinite(s.value[i]) && s.weekEnd[i] > week) week = s.weekEnd[i];
    if (s.asOf[i] > asOf) asOf = s.asOf[i];
  }
  return { week, asOf };
}

/**
 * Every distinct version (region, week, publication day) of `views`, newest view first. The hub
 * reads data published by R − 3 (the Wednesday, `day`). Live, the newest stored publication is
 * what is known; when it was stamped later than that (ingested late), it is taken as published
 * by `day` so that the forecaster does not drop it (and replaces a version stamped `day`).
 */
export function versionsBy(views: readonly WeeklySeries[], day: number): WeeklySeries {
  const seen = new Set<string>();
  const rows: Array<[WeeklySeries, number]> = [];
  for (const s of views) {
    for (let i = 0; i < s.regionId.length; i++) {
      const key = `${s.regionId[i]}|${s.weekEnd[i]}|${Math.min(s.asOf[i], day)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push([s, i]);
    }
  }
  return {
    regionId: Int32Array.from(rows, ([s, i]) => s.regionId[i]),
    weekEnd: Int32Array.from(rows, ([s, i]) => s.weekEnd[i]),
    asOf: Int32Array.from(rows, ([s, i]) => Math.min(s.asOf[i], day)),
    value: Float64Array.from(rows, ([s, i]) => s.value[i]),
    level: Int8Array.from(rows, ([s, i]) => s.level[i]),
    trend: Int8Array.from(rows, ([s, i]) => s.trend[i]),
    missingReason: rows.map(([s, i]) => s.missingReason[i] ?? null),
  };
}

export function createHospForecastState(opts: HospForecastStateOptions): HospForecastState {
  const log = opts.logger ?? silentLogger;
  let latest: HospForecastRun | null = null;
  // A publication the forecaster rejected is not retried on every later weekly ingest.
  let failed: string | null = null;
  let runs = 0;

  const load = (ref: WeeklySourceRef): Promise<WeeklySeries | null> =>
    opts.store.loadWeeklySeries(ref.source, ref.metric).catch((err) => {
      log.warn({ err, source: ref.source, metric: ref.metric }, "weekly series for the admissions forecast not loaded");
      return null;
    });

  const once = async (): Promise<void> => {
    const [ed, ...hosp] = await Promise.all([load(ED_SHARE), ...HOSPITAL_ADMISSIONS.map(load)]);
    // As `current` does: the admissions series whose newest week is newest answers.
    let pick = -1;
    for (let i = 0; i < hosp.length; i++) {
      const s = hosp[i];
      if (s && newest(s).week >= 0 && (pick < 0 || newest(s).week > newest(hosp[pick]!).week)) pick = i;
    }
    if (pick < 0) return;
    const admissions = hosp[pick]!;
    const dataset = HOSPITAL_ADMISSIONS[pick].source;
    const n = newest(admissions);
    const edNewest = ed ? newest(ed) : { week: -1, asOf: -1 };
    const publication = `${dataset}|${isoOfDay(n.week)}|${isoOfDay(n.asOf)}|ed ${edNewest.week >= 0 ? `${isoOfDay(edNewest.week)}|${isoOfDay(edNewest.asOf)}` : "none"}`;
    if (latest?.publication === publication || failed === publication) return;
    if (!isSaturday(n.week)) {
      log.error({ dataset, week: isoOfDay(n.week) }, "newest admissions week does not end on a Saturday; no forecast");
      return;
    }
    const R = n.week + 7;
    const t0 = performance.now();
    // The same series as known at earlier reference dates (see PAST_PUBLICATIONS); a failed load only costs revision learning.
    const ref = HOSPITAL_ADMISSIONS[pick];
    const past = await Promise.all(
      Array.from({ length: PAST_PUBLICATIONS }, (_, k) =>
        opts.store.loadWeeklySeries(ref.source, ref.metric, isoOfDay(R - 3 - 7 * (k + 1))).catch((err) => {
          log.warn({ err, source: ref.source }, "past admissions publication not loaded");
          return null;
        }),
      ),
    );
    const versions = versionsBy([admissions, ...past.filter((p): p is WeeklySeries => p !== null)], R - 3);
    runs++;
    let forecasts: HospForecast[];
    try {
      forecasts = forecastHospitalAdmissions({
        referenceDate: R,
        admissions: versions,
        ...(ed && edNewest.week >= 0 ? { edVisits: versionsBy([ed], R - 3) } : {}),
        population: HUB_POPULATION_BY_REGION,
      });
    } catch (err) {
      failed = publication;
      throw err;
    }
    const byRegion = new Map<number, HospForecast[]>();
    for (const f of forecasts) {
      const list = byRegion.get(f.regionId) ?? [];
      list.push(f);
      byRegion.set(f.regionId, list);
    }
    for (const list of byRegion.values()) list.sort((a, b) => a.horizon - b.horizon);
    const lastObserved = new Map<number, number>();
    for (let i = 0; i < admissions.regionId.length; i++) {
      if (admissions.weekEnd[i] === n.week && Number.isFinite(admissions.value[i])) lastObserved.set(admissions.regionId[i], admissions.value[i]);
    }
    latest = { referenceDay: R, dataset, byRegion, lastObserved, publication };
    log.info(
      { referenceDate: isoOfDay(R), dataset, regions: byRegion.size, versions: versions.regionId.length, ms: Math.round(performance.now() - t0) },
      "hospital-admission forecasts computed",
    );
    if (opts.save) {
      try {
        const rows = await opts.save(hospForecastSet(forecasts, R, publication));
        log.info({ rows, referenceDate: isoOfDay(R) }, "hospital-admission forecasts stored");
      } catch (err) {
        log.error({ err }, "hospital-admission forecasts not stored; still served from memory");
      }
    }
    opts.onChanged?.();
  };

  const runner = coalescing(async () => {
    try {
      await once();
    } catch (err) {
      log.error({ err }, "hospital-admission forecast failed; keeping the previous one");
    }
  });
  const refresh = (): Promise<void> => runner.run();

  return {
    latest: () => latest,
    refresh,
    recomputes: () => runs,
    idle: () => runner.idle(),
  };
}

/** The forecasts as rows of the forecasts table: forecast date = the reference date. */
export function hospForecastSet(forecasts: readonly HospForecast[], referenceDay: number, runId: string): ForecastSet {
  const n = forecasts.length;
  const quantiles = new Float64Array(n * QUANTILE_COUNT);
  forecasts.forEach((f, i) => quantiles.set(f.quantiles, i * QUANTILE_COUNT));
  return {
    model: HOSP_FORECAST_MODEL,
    forecastDay: referenceDay,
    runId,
    regionId: Int32Array.from(forecasts, (f) => f.regionId),
    location: forecasts.map((f) => f.location),
    target: forecasts.map((f) => hospTargetName(f.horizon)),
    targetEndDay: Int32Array.from(forecasts, (f) => dayOfIso(f.targetEndDate)),
    quantiles,
  };
}
