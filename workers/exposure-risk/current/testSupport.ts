// Test helpers of the current indicators: an in-memory WeeklyStore with the contract's "as
// known on" semantics (domain/weekly.ts), fed with readable rows.
import { ED_LEVELS, ED_TRENDS, type EdLevel, type EdTrend, type WeeklyMetric, type WeeklySeries, type WeeklyStore } from "../../../domain/weekly.ts";
import { dayOfIso } from "../days.ts";

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
