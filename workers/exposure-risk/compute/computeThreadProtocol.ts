// What crosses between the risk worker's thread and its recompute thread (computeThread.ts).
// The series go packed: two Float64Arrays holding every region's values back to back, with
// per-region offsets, so the main thread hands them over by transfer (no copy, no per-object
// clone) and the thread reads them as subarray views.
import type { RegionRecord } from "../../../domain/mod.ts";
import type { RegionSeries } from "../snapshotTypes.ts";
import type { RecomputeOptions, RiskModels } from "./types.ts";

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

export type ComputeReply = { models: RiskModels } | { error: { message: string; name: string; stack?: string } };

export function packSeries(series: Iterable<RegionSeries>): { packed: PackedSeries; transfer: ArrayBuffer[] } {
  const list = [...series];
  const offset = new Int32Array(list.length + 1);
  list.forEach((s, i) => (offset[i + 1] = offset[i] + s.cumCases.length));
  const total = offset[list.length];
  const cumCases = new Float64Array(total);
  const cumDeaths = new Float64Array(total);
  const firstDay = new Int32Array(list.length);
  list.forEach((s, i) => {
    cumCases.set(s.cumCases, offset[i]);
    cumDeaths.set(s.cumDeaths, offset[i]);
    firstDay[i] = s.firstDay;
  });
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
