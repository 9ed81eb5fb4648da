// The weekly indicators the risk worker answers `current` from: NSSP ED visits and the two NHSN
// admission series of the Forecast Hub, loaded from storage (domain/weekly.ts' WeeklyStore).
// "As known on day D" = for every region-week ending ≤ D, the newest version published by D;
// a week first published after D (a source ingested once, with no vintages) keeps its one
// published version, so history answers from what storage has rather than from nothing.
import {
  COVIDHUB_HOSP_SOURCE,
  COVIDHUB_TIME_SERIES_SOURCE,
  NSSP_ED_VISITS_SOURCE,
  type WeeklyMetric,
  type WeeklySeries,
  type WeeklyStore,
} from "../../../domain/weekly.ts";
import { silentLogger, type Logger } from "../../../mesh/logger.ts";
import { isoOfDay } from "../days.ts";
import { emptySeries, indexWeekly, type IndexedWeekly } from "./weeklyIndex.ts";

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

/**
 * Keeps weeks ending ≤ `day`, each as known on `day` (`known`, sorted like every WeeklySeries),
 * else as in `latest`. Both inputs are sorted by (regionId, weekEnd): one merge pass.
 */
export function mergeAsOf(known: WeeklySeries, latest: WeeklySeries, day: number): WeeklySeries {
  const idx: Array<[WeeklySeries, number]> = [];
  let i = 0;
  let j = 0;
  const key = (s: WeeklySeries, k: number) => s.regionId[k] * 1e6 + s.weekEnd[k];
  while (i < known.regionId.length || j < latest.regionId.length) {
    if (j >= latest.regionId.length || (i < known.regionId.length && key(known, i) < key(latest, j))) {
      if (known.weekEnd[i] <= day) idx.push([known, i]);
      i++;
    } else if (i >= known.regionId.length || key(latest, j) < key(known, i)) {
      if (latest.weekEnd[j] <= day) idx.push([latest, j]);
      j++;
    } else {
      if (known.weekEnd[i] <= day) idx.push([known, i]);
      i++;
      j++;
    }
  }
  return {
    regionId: Int32Array.from(idx, ([s, k]) => s.regionId[k]),
    weekEnd: Int32Array.from(idx, ([s, k]) => s.weekEnd[k]),
    asOf: Int32Array.from(idx, ([s, k]) => s.asOf[k]),
    value: Float64Array.from(idx, ([s, k]) => s.value[k]),
    level: Int8Array.from(idx, ([s, k]) => s.level[k]),
    trend: Int8Array.from(idx, ([s, k]) => s.trend[k]),
    missingReason: idx.map(([s, k]) => s.missingReason[k]),
  };
}

/** The data as known on `day`, from `latest` plus the versions storage held on that day. */
export async function loadWeeklyAsOf(store: WeeklyStore, latest: WeeklyData, day: number, logger: Logger = silentLogger): Promise<WeeklyData> {
  const one = async (ix: IndexedWeekly): Promise<IndexedWeekly> => {
    // Nothing was published after `day`: what is stored now is what was known then.
    const known = ix.newestAsOf <= day ? ix.series : await loadOne(store, ix, logger, isoOfDay(day));
    return indexWeekly(ix.source, ix.metric, mergeAsOf(known, ix.series, day));
  };
  const [ed, ...hosp] = await Promise.all([latest.ed, ...latest.hosp].map(one));
  return { ed, hosp, asOfDay: day };
}
