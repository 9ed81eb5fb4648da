// The weekly indicators the risk worker answers `current` from: NSSP ED visits and the two NHSN
// admission series of the Forecast Hub, loaded from storage (domain/weekly.ts' WeeklyStore).
// "As known on day D" = for every region-week ending ≤ D, the newest version published by D.
// A source with nothing published by D (ingested once, later, with no vintages: NSSP's file,
// the hub's time series) answers from its one publication, limited to weeks ending ≤ D, so
// history answers from what storage has rather than from nothing.
import {
  COVIDHUB_HOSP_SOURCE,
  COVIDHUB_TIME_SERIES_SOURCE,
  emptySeries,
  isoOfDay,
  NSSP_ED_VISITS_SOURCE,
  type WeeklyMetric,
  type WeeklySeries,
  type WeeklyStore,
} from "../../../domain/mod.ts";
import { silentLogger, type Logger } from "../../../mesh/mod.ts";
import { indexWeekly, type IndexedWeekly } from "./weeklyIndex.ts";

export interface WeeklySourceRef {
  source: string;
  metric: WeeklyMetric;
}

export const ED_VISITS: WeeklySourceRef = { source: NSSP_ED_VISITS_SOURCE, metric: "ed-visits-pct" };
/** Both carry NHSN weekly admissions per state; the one whose newest week is newer answers. */
export const HOSPITAL_ADMISSIONS: WeeklySourceRef[] = [
  { source: COVIDHUB_HOSP_SOURCE, metric: "hosp-admissions" },
  { source: COVIDHUB_TIME_SERIES_SOURCE, metric: "hosp-admissions" },
];
/** Every source whose ingest changes what `current` answers. */
export const WEEKLY_SOURCES = new Set([ED_VISITS.source, ...HOSPITAL_ADMISSIONS.map((h) => h.source)]);

export interface WeeklyData {
  ed: IndexedWeekly;
  hosp: IndexedWeekly[];
  /** The day this data is as known on; null = everything stored. */
  asOfDay: number | null;
}

export const emptyWeeklyData = (): WeeklyData => ({
  ed: indexWeekly(ED_VISITS.source, ED_VISITS.metric, emptySeries()),
  hosp: HOSPITAL_ADMISSIONS.map((h) => indexWeekly(h.source, h.metric, emptySeries())),
  asOfDay: null,
});

/** Is there anything to answer from? */
export const hasWeeklyData = (d: WeeklyData): boolean => d.ed.newestWeek >= 0 || d.hosp.some((h) => h.newestWeek >= 0);

async function loadOne(store: WeeklyStore, ref: WeeklySourceRef, log: Logger, asOf?: string): Promise<WeeklySeries> {
  try {
    return await store.loadWeeklySeries(ref.source, ref.metric, asOf);
  } catch (err) {
    // One missing source must not take the others down: it answers null until it loads.
    log.warn({ err, source: ref.source, metric: ref.metric, asOf }, "weekly series not loaded");
    return emptySeries();
  }
}

export async function loadWeeklyData(store: WeeklyStore, logger: Logger = silentLogger): Promise<WeeklyData> {
  const [ed, ...hosp] = await Promise.all([ED_VISITS, ...HOSPITAL_ADMISSIONS].map((r) => loadOne(store, r, logger)));
  return {
    ed: indexWeekly(ED_VISITS.source, ED_VISITS.metric, ed),
    hosp: HOSPITAL_ADMISSIONS.map((h, i) => indexWeekly(h.source, h.metric, hosp[i])),
    asOfDay: null,
  };
}

/** The rows of weeks ending on or before `day` (order kept). */
export function weeksUpTo(series: WeeklySeries, day: number): WeeklySeries {
  const idx: number[] = [];
  for (let i = 0; i < series.regionId.length; i++) if (series.weekEnd[i] <= day) idx.push(i);
  if (idx.length === series.regionId.length) return series;
  return {
    regionId: Int32Array.from(idx, (k) => series.regionId[k]),
    weekEnd: Int32Array.from(idx, (k) => series.weekEnd[k]),
    asOf: Int32Array.from(idx, (k) => series.asOf[k]),
    value: Float64Array.from(idx, (k) => series.value[k]),
    level: Int8Array.from(idx, (k) => series.level[k]),
    trend: Int8Array.from(idx, (k) => series.trend[k]),
    missingReason: idx.map((k) => series.missingReason[k]),
  };
}

/**
 * The data as known on `day`, from `latest` plus the versions storage held on that day.
 * `nothingBy` (source → a day by which nothing of it had been published) is read and updated:
 * a source stored once (NSSP's file) is asked of storage for the first past day only.
 */
export async function loadWeeklyAsOf(
  store: WeeklyStore,
  latest: WeeklyData,
  day: number,
  logger: Logger = silentLogger,
  nothingBy: Map<string, number> = new Map(),
): Promise<WeeklyData> {
  const one = async (ix: IndexedWeekly): Promise<IndexedWeekly> => {
    // Nothing was published after `day`: what is stored now is what was known then.
    let known = ix.series;
    if (ix.newestAsOf > day) {
      const key = `${ix.source}|${ix.metric}`;
      known = day <= (nothingBy.get(key) ?? Number.NEGATIVE_INFINITY) ? emptySeries() : await loadOne(store, ix, logger, isoOfDay(day));
      if (known.regionId.length === 0) nothingBy.set(key, Math.max(day, nothingBy.get(key) ?? day));
    }
    // Nothing of the source was published by `day` (stored once, later, with no vintages):
    // its one publication stands in, limited to the weeks that had ended by then.
    return indexWeekly(ix.source, ix.metric, weeksUpTo(known.regionId.length > 0 ? known : ix.series, day));
  };
  const [ed, ...hosp] = await Promise.all([latest.ed, ...latest.hosp].map(one));
  return { ed, hosp, asOfDay: day };
}

/**
 * For each source whose stored rows are all of one publication, asks storage once whether
 * anything of it was published before: when not, every past day before that publication is
 * answered without asking storage (recorded in `nothingBy`).
 */
export async function probeSinglePublications(store: WeeklyStore, latest: WeeklyData, nothingBy: Map<string, number>, logger: Logger = silentLogger): Promise<void> {
  await Promise.all(
    [latest.ed, ...latest.hosp]
      .filter((ix) => ix.newestAsOf >= 0 && ix.oldestAsOf === ix.newestAsOf)
      .map(async (ix) => {
        const before = ix.newestAsOf - 1;
        const earlier = await store.loadWeeklySeries(ix.source, ix.metric, isoOfDay(before)).catch((err) => {
          logger.warn({ err, source: ix.source }, "publication probe failed; past days ask storage");
          return null;
        });
        if (earlier && earlier.regionId.length === 0) nothingBy.set(`${ix.source}|${ix.metric}`, before);
      }),
  );
}
