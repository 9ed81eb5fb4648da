// Test helpers of the current indicators: an in-memory WeeklyStore with the contract's "as
// known on" semantics (domain/weekly.ts), fed with readable rows.
import { dayOfIso, ED_LEVELS, ED_TRENDS, type EdLevel, type EdTrend, type WeeklyColumns, type WeeklyMetric, type WeeklySeries, type WeeklyStore } from "../../../domain/mod.ts";

export interface FakeWeeklyRow {
  source: string;
  metric: WeeklyMetric;
  regionId: number;
  week: string;
  asOf: string;
  /** null = published as missing. */
  value: number | null;
  level?: EdLevel | null;
  trend?: EdTrend | null;
  missingReason?: string | null;
}

export interface FakeWeeklyStore extends WeeklyStore {
  /** Every loadWeeklySeries call, in order. */
  loads: Array<{ source: string; metric: WeeklyMetric; asOf?: string }>;
}

export function fakeWeeklyStore(rows: FakeWeeklyRow[]): FakeWeeklyStore {
  const loads: FakeWeeklyStore["loads"] = [];
  const notHere = () => Promise.reject(new Error("not part of the fake weekly store"));
  return {
    loads,
    async loadWeeklySeries(source, metric, asOf) {
      loads.push({ source, metric, ...(asOf ? { asOf } : {}) });
      const newest = new Map<string, FakeWeeklyRow>();
      for (const r of rows) {
        if (r.source !== source || r.metric !== metric || (asOf && r.asOf > asOf)) continue;
        const key = `${r.regionId}|${r.week}`;
        const held = newest.get(key);
        if (!held || held.asOf < r.asOf) newest.set(key, r);
      }
      return toSeries([...newest.values()].sort((a, b) => a.regionId - b.regionId || a.week.localeCompare(b.week)));
    },
    weeklyRevisions: notHere,
    applyWeekly: notHere,
    countWeekly: notHere,
  };
}

export function toSeries(rows: FakeWeeklyRow[]): WeeklySeries {
  return {
    regionId: Int32Array.from(rows, (r) => r.regionId),
    weekEnd: Int32Array.from(rows, (r) => dayOfIso(r.week)),
    asOf: Int32Array.from(rows, (r) => dayOfIso(r.asOf)),
    value: Float64Array.from(rows, (r) => r.value ?? NaN),
    level: Int8Array.from(rows, (r) => (r.level ? ED_LEVELS.indexOf(r.level) : -1)),
    trend: Int8Array.from(rows, (r) => (r.trend ? ED_TRENDS.indexOf(r.trend) : -1)),
    missingReason: rows.map((r) => r.missingReason ?? (r.value === null ? "Data Unavailable" : null)),
  };
}

/** Saturdays back from `last`: weeksBack(last, 0) = last. */
export const weeksBack = (last: string, n: number): string => new Date(Date.parse(`${last}T00:00:00Z`) - n * 7 * 86_400_000).toISOString().slice(0, 10);

export const ed = (regionId: number, week: string, value: number | null, extra: Partial<FakeWeeklyRow> = {}): FakeWeeklyRow => ({
  source: "nssp-ed-visits",
  metric: "ed-visits-pct",
  regionId,
  week,
  asOf: "2025-12-31",
  value,
  level: value === null ? null : "low",
  trend: value === null ? null : "increasing",
  ...extra,
});

export const hosp = (regionId: number, week: string, value: number | null, extra: Partial<FakeWeeklyRow> = {}): FakeWeeklyRow => ({
  source: "covidhub-hosp",
  metric: "hosp-admissions",
  regionId,
  week,
  asOf: "2025-12-31",
  value,
  ...extra,
});

/** A WeeklyStore over adapter output (WeeklyColumns per source), with the same "as known on" semantics. */
export function weeklyStoreOf(entries: Array<{ source: string; columns: WeeklyColumns }>): FakeWeeklyStore {
  const loads: FakeWeeklyStore["loads"] = [];
  const notHere = () => Promise.reject(new Error("not part of the fake weekly store"));
  return {
    loads,
    async loadWeeklySeries(source, metric, asOf) {
      loads.push({ source, metric, ...(asOf ? { asOf } : {}) });
      const limit = asOf ? dayOfIso(asOf) : Number.POSITIVE_INFINITY;
      const newest = new Map<number, [WeeklyColumns, number]>();
      for (const e of entries) {
        const c = e.columns;
        if (e.source !== source || c.metric !== metric) continue;
        for (let i = 0; i < c.regionId.length; i++) {
          if (c.asOf[i] > limit) continue;
          const key = c.regionId[i] * 1e6 + c.weekEnd[i];
          const held = newest.get(key);
          if (!held || held[0].asOf[held[1]] < c.asOf[i]) newest.set(key, [c, i]);
        }
      }
      const idx = [...newest.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
      return {
        regionId: Int32Array.from(idx, ([c, i]) => c.regionId[i]),
        weekEnd: Int32Array.from(idx, ([c, i]) => c.weekEnd[i]),
        asOf: Int32Array.from(idx, ([c, i]) => c.asOf[i]),
        value: Float64Array.from(idx, ([c, i]) => c.value[i]),
        level: Int8Array.from(idx, ([c, i]) => c.level[i]),
        trend: Int8Array.from(idx, ([c, i]) => c.trend[i]),
        missingReason: idx.map(([c, i]) => c.missingReason[i]),
      };
    },
    weeklyRevisions: notHere,
    applyWeekly: notHere,
    countWeekly: notHere,
  };
}
