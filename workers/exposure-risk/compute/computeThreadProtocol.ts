// What crosses between the risk worker's thread and its recompute thread (computeThread.ts).
// The series go packed: two Float64Arrays holding every region's values back to back, with
// per-region offsets, so the main thread hands them over by transfer (no copy, no per-object
// clone) and the thread reads them as subarray views.
import type { RegionRecord } from "../../../domain/mod.ts";
import type { RegionForecast, RegionSeries } from "../snapshotTypes.ts";
import type { RecomputeOptions, RiskModels } from "./types.ts";
import { createSlicer } from "./yieldSlice.ts";

export interface PackedSeries {
  regions: RegionRecord[];
  datasets: string[];
  firstDay: Int32Array;
  /** Region i's values are [offset[i], offset[i + 1]) of cumCases and cumDeaths. */
  offset: Int32Array;
  cumCases: Float64Array;
  cumDeaths: Float64Array;
}

/** The options that can cross a thread (an AbortSignal cannot: stopping terminates the thread). */
export type ThreadRecomputeOptions = Omit<RecomputeOptions, "signal">;

export interface ComputeRequest {
  series: PackedSeries;
  options: ThreadRecomputeOptions;
  /**
   * Test hook: the thread blocks (Atomics.wait, synchronously) until element 0 of this shared
   * array is non-zero, as a long computation would. Shows that answers do not wait for it.
   */
  hold?: Int32Array;
}

/**
 * The models as they cross back: the forecast maps (two Float64Arrays per region and model,
 * 13,000 small typed arrays for the JHU US counties) packed into one transferred buffer each;
 * the rest by structured clone. Deserializing thousands of typed arrays, each with its own
 * ArrayBuffer, held the answering thread for 0.3–0.5 s under load when a recompute landed.
 */
export interface PackedModels {
  models: Omit<RiskModels, "forecasts" | "baselineForecasts">;
  forecasts: PackedForecasts;
  baselineForecasts: PackedForecasts;
}

/** Region i's forecast: meta[i]; its cases are values [caseAt[i], caseAt[i] + caseLen[i]) (length -1: null), deaths likewise. */
export interface PackedForecasts {
  meta: Array<Omit<RegionForecast, "cases" | "deaths"> & { regionId: number }>;
  caseAt: Int32Array;
  caseLen: Int32Array;
  deathAt: Int32Array;
  deathLen: Int32Array;
  values: Float64Array;
}

export type ComputeReply = { packed: PackedModels } | { error: { message: string; name: string; stack?: string } };

function packForecasts(byRegion: Map<number, RegionForecast>): PackedForecasts {
  const n = byRegion.size;
  const out = { meta: [] as PackedForecasts["meta"], caseAt: new Int32Array(n), caseLen: new Int32Array(n), deathAt: new Int32Array(n), deathLen: new Int32Array(n) };
  let total = 0;
  for (const f of byRegion.values()) total += (f.cases?.length ?? 0) + (f.deaths?.length ?? 0);
  const values = new Float64Array(total);
  let at = 0;
  let i = 0;
  for (const [regionId, { cases, deaths, ...meta }] of byRegion) {
    out.meta.push({ regionId, ...meta });
    for (const [a, at_, len] of [
      [cases, out.caseAt, out.caseLen],
      [deaths, out.deathAt, out.deathLen],
    ] as const) {
      at_[i] = at;
      len[i] = a ? a.length : -1;
      if (a) values.set(a, at);
      at += a?.length ?? 0;
    }
    i++;
  }
  return { ...out, values };
}

function unpackForecasts(p: PackedForecasts): Map<number, RegionForecast> {
  const out = new Map<number, RegionForecast>();
  const view = (at: number, len: number) => (len < 0 ? null : p.values.subarray(at, at + len));
  p.meta.forEach(({ regionId, ...meta }, i) => out.set(regionId, { ...meta, cases: view(p.caseAt[i], p.caseLen[i]), deaths: view(p.deathAt[i], p.deathLen[i]) }));
  return out;
}

export function packModels(models: RiskModels): { packed: PackedModels; transfer: ArrayBuffer[] } {
  const { forecasts, baselineForecasts, ...rest } = models;
  const packed = { models: rest, forecasts: packForecasts(forecasts), baselineForecasts: packForecasts(baselineForecasts) };
  const transfer = [packed.forecasts, packed.baselineForecasts].flatMap((f) => [f.caseAt, f.caseLen, f.deathAt, f.deathLen, f.values].map((a) => a.buffer as ArrayBuffer));
  return { packed, transfer };
}

export function unpackModels(p: PackedModels): RiskModels {
  return { ...p.models, forecasts: unpackForecasts(p.forecasts), baselineForecasts: unpackForecasts(p.baselineForecasts) };
}

/**
 * The copy runs on the thread that answers queries (the JHU US counties: 60 MB, 0.1–0.3 s under
 * load), so it yields to the event loop every 5 ms.
 */
export async function packSeries(series: Iterable<RegionSeries>): Promise<{ packed: PackedSeries; transfer: ArrayBuffer[] }> {
  const list = [...series];
  const offset = new Int32Array(list.length + 1);
  list.forEach((s, i) => (offset[i + 1] = offset[i] + s.cumCases.length));
  const total = offset[list.length];
  const cumCases = new Float64Array(total);
  const cumDeaths = new Float64Array(total);
  const firstDay = new Int32Array(list.length);
  const slicer = createSlicer(5);
  for (const [i, s] of list.entries()) {
    cumCases.set(s.cumCases, offset[i]);
    cumDeaths.set(s.cumDeaths, offset[i]);
    firstDay[i] = s.firstDay;
    await slicer.maybeYield();
  }
  const packed = { regions: list.map((s) => s.region), datasets: list.map((s) => s.dataset), firstDay, offset, cumCases, cumDeaths };
  return { packed, transfer: [offset.buffer, cumCases.buffer, cumDeaths.buffer, firstDay.buffer] as ArrayBuffer[] };
}

export function unpackSeries(p: PackedSeries): RegionSeries[] {
  return p.regions.map((region, i) => ({
    region,
    dataset: p.datasets[i],
    firstDay: p.firstDay[i],
    cumCases: p.cumCases.subarray(p.offset[i], p.offset[i + 1]),
    cumDeaths: p.cumDeaths.subarray(p.offset[i], p.offset[i + 1]),
  }));
}
