// The real-time backtest of hospital-admission forecasts: at each Saturday reference date R the
// models see only the publications with as_of ≤ R − 3 days; truth is the newest publication.
// covid-mesh is run here; peers are read from their files; CovidHub-baseline is our own
// implementation of the hub's flat baseline unless a peer file of that name is given.
import type { WeeklySeries } from "../../domain/mod.ts";

import {
  FLAT_BASELINE_NAME,
  HUB_STATE_LOCATIONS,
  flatBaselineQuantiles,
  forecastWithChoice,
  hubLocationFromRegionId,
  newestAsOf,
  seriesAsOf,
  takeRows,
  type HospModelOptions,
} from "../../models/forecast/hosp/mod.ts";
import { forecastKey, scoreCommonSet, truthKey, type ForecastSet, type HospScoreRow, type NamedForecasts } from "./hospScoring.ts";
import { isoOfDay } from "../../domain/mod.ts";

export const COVID_MESH_HOSP_MODEL = "covid-mesh";
export const SCORED_HORIZONS = [0, 1, 2, 3];

export interface HospBacktestInput {
  versions: WeeklySeries;
  /** Every version of the ED-visit share (optional covariate). */
  ed?: WeeklySeries | null;
  referenceDays: readonly number[];
  peers: NamedForecasts[];
  options?: Partial<HospModelOptions>;
  /**
   * Draws of our flat baseline when no peer baseline is given. The hub uses 1e5; the backtest
   * defaults to 2e4 to stay well under a minute for a year (simulation error about √5 larger,
   * at horizons 1–3 only; horizon 0 is exact at any number of draws).
   */
  baselineDraws?: number;
}

export interface HospBacktestResult {
  rows: HospScoreRow[];
  models: NamedForecasts[];
  /** covid-mesh's online choices per reference date (empty with options.online = false). */
  choices: HospChoiceRow[];
  truthAsOf: string;
}

/** What a model may see at reference date R: every version published on or before R − 3. */
export function versionsVisibleAt(versions: WeeklySeries, referenceDay: number): WeeklySeries {
  const byAsOf = isSortedByAsOf(versions) ? versions : sortByAsOf(versions);
  // Binary search for the first version published after R − 3; the visible ones are a prefix.
  let lo = 0;
  let hi = byAsOf.asOf.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byAsOf.asOf[mid] <= referenceDay - 3) lo = mid + 1;
    else hi = mid;
  }
  return {
    regionId: byAsOf.regionId.subarray(0, lo),
    weekEnd: byAsOf.weekEnd.subarray(0, lo),
    asOf: byAsOf.asOf.subarray(0, lo),
    value: byAsOf.value.subarray(0, lo),
    level: byAsOf.level.subarray(0, lo),
    trend: byAsOf.trend.subarray(0, lo),
    missingReason: byAsOf.missingReason.slice(0, lo),
  };
}

/** The versions ordered by publication day (ties in input order), so that "visible at R" is a prefix. */
export function sortByAsOf(versions: WeeklySeries): WeeklySeries {
  const order = Array.from({ length: versions.asOf.length }, (_, i) => i).sort((a, b) => versions.asOf[a] - versions.asOf[b] || a - b);
  return takeRows(versions, order);
}

function isSortedByAsOf(v: WeeklySeries): boolean {
  for (let i = 1; i < v.asOf.length; i++) if (v.asOf[i] < v.asOf[i - 1]) return false;
  return true;
}

/** What covid-mesh chose online at one reference date. */
export interface HospChoiceRow {
  referenceDate: string;
  candidate: string;
  byScore: boolean;
  /** Summed past WIS per candidate (NaN: too little to score, the fallback was used). */
  loss: Record<string, number>;
  /** Width factor per horizon −1…3. */
  widen: number[];
}

export function covidMeshForecasts(
  versions: WeeklySeries,
  referenceDays: readonly number[],
  options?: Partial<HospModelOptions>,
  ed?: WeeklySeries | null,
  choices?: HospChoiceRow[],
): ForecastSet {
  const out: ForecastSet = new Map();
  for (const R of referenceDays) {
    const visible = versionsVisibleAt(versions, R);
    if (visible.asOf.length === 0) continue;
    const edVisible = ed ? versionsVisibleAt(ed, R) : null;
    const edVisits = edVisible && edVisible.asOf.length > 0 ? edVisible : undefined;
    const { forecasts, choice } = forecastWithChoice({ referenceDate: R, admissions: visible, edVisits, options });
    for (const f of forecasts) out.set(forecastKey(R, f.location, f.horizon), f.quantiles);
    if (choice && choices) {
      // Steps count from the last data week (usually R − 7, so horizon h = step h + 1).
      const lastWeek = Math.max(...visible.weekEnd);
      const step0 = (R - 7 - lastWeek) / 7;
      choices.push({
        referenceDate: isoOfDay(R),
        candidate: choice.candidate,
        byScore: choice.byScore,
        loss: choice.loss,
        widen: [-1, 0, 1, 2, 3].map((h) => choice.widen[Math.min(choice.widen.length - 1, h + 1 + step0)]),
      });
    }
  }
  return out;
}

/** Our flat baseline at each reference date, from the publication visible then (horizons −1…3). */
export function flatBaselineForecasts(versions: WeeklySeries, referenceDays: readonly number[], draws = 100_000): ForecastSet {
  const out: ForecastSet = new Map();
  for (const R of referenceDays) {
    const snap = seriesAsOf(versionsVisibleAt(versions, R), R - 3);
    let start = 0;
    while (start < snap.regionId.length) {
      let end = start;
      while (end < snap.regionId.length && snap.regionId[end] === snap.regionId[start]) end++;
      const location = hubLocationFromRegionId(snap.regionId[start]);
      // The hub's baseline fits on weeks up to R − 7, one value per consecutive week.
      const weeks: number[] = [];
      const values: number[] = [];
      for (let k = start; k < end; k++) {
        if (snap.weekEnd[k] > R - 7) continue;
        while (weeks.length > 0 && snap.weekEnd[k] - weeks[weeks.length - 1] > 7) {
          weeks.push(weeks[weeks.length - 1] + 7);
          values.push(Number.NaN);
        }
        weeks.push(snap.weekEnd[k]);
        values.push(snap.value[k]);
      }
      let lastWeek = Number.NaN;
      for (let k = values.length - 1; k >= 0; k--)
        if (Number.isFinite(values[k])) {
          lastWeek = weeks[k];
          break;
        }
      if (Number.isFinite(lastWeek)) {
        const q = flatBaselineQuantiles(values, 4, { nsim: draws, seed: R * 100 + snap.regionId[start] });
        const lastValue = values[(lastWeek - weeks[0]) / 7];
        out.set(forecastKey(R, location, (lastWeek - R) / 7), new Float64Array(q.length / 4).fill(lastValue));
        for (let a = 1; a <= 4; a++) out.set(forecastKey(R, location, (lastWeek + 7 * a - R) / 7), q.slice((a - 1) * 23, a * 23));
      }
      start = end;
    }
  }
  return out;
}

/** Truth: the newest publication's value of every (location, week). */
export function truthFrom(versions: WeeklySeries): { truth: Map<string, number>; asOf: number } {
  const asOf = newestAsOf(versions);
  const s = seriesAsOf(versions, asOf);
  const truth = new Map<string, number>();
  for (let k = 0; k < s.regionId.length; k++) truth.set(truthKey(hubLocationFromRegionId(s.regionId[k]), s.weekEnd[k]), s.value[k]);
  return { truth, asOf };
}

export function runHospBacktest(input: HospBacktestInput): HospBacktestResult {
  const a = { ...input, versions: sortByAsOf(input.versions), ed: input.ed ? sortByAsOf(input.ed) : null };
  const { truth, asOf } = truthFrom(a.versions);
  const peerBaseline = a.peers.find((p) => p.name === FLAT_BASELINE_NAME);
  const baseline = peerBaseline ?? { name: FLAT_BASELINE_NAME, forecasts: flatBaselineForecasts(a.versions, a.referenceDays, a.baselineDraws ?? 20_000) };
  const choices: HospChoiceRow[] = [];
  const mesh = { name: COVID_MESH_HOSP_MODEL, forecasts: covidMeshForecasts(a.versions, a.referenceDays, a.options, a.ed, choices) };
  const models = [mesh, baseline, ...a.peers.filter((p) => p !== peerBaseline)];
  const rows = scoreCommonSet({ models, truth, referenceDays: a.referenceDays, locations: HUB_STATE_LOCATIONS, horizons: SCORED_HORIZONS, baseline: FLAT_BASELINE_NAME });
  return { rows, models, choices, truthAsOf: isoOfDay(asOf) };
}
