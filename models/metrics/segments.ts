// Splitting columns sorted by (regionId, day) — the storage layout — into per-region runs.
import { SeriesLayoutError } from "./errors.ts";
import type { RegionSegments } from "./types.ts";

/**
 * One segment per region. Throws SeriesLayoutError when rows are not sorted by (regionId,
 * day) or a region skips a day: every windowed metric assumes consecutive days, and a gap
 * silently treated as adjacent would shift 7-day windows.
 */
export function regionSegments(regionId: Int32Array, day: Int32Array): RegionSegments {
  if (regionId.length !== day.length) {
    throw new SeriesLayoutError(`regionId (${regionId.length}) and day (${day.length}) lengths differ`);
  }
  const starts: number[] = [];
  for (let i = 0; i < regionId.length; i++) {
    if (i === 0 || regionId[i] !== regionId[i - 1]) {
      if (i > 0 && regionId[i] < regionId[i - 1]) {
        throw new SeriesLayoutError(`rows are not sorted by regionId at row ${i} (${regionId[i - 1]} then ${regionId[i]})`);
      }
      starts.push(i);
    } else if (day[i] !== day[i - 1] + 1) {
      throw new SeriesLayoutError(`region ${regionId[i]}: day ${day[i]} follows day ${day[i - 1]} (rows must be sorted and days consecutive)`);
    }
  }
  const k = starts.length;
  const regionIds = new Int32Array(k);
  const firstDay = new Int32Array(k);
  const offsets = new Int32Array(k + 1);
  for (let s = 0; s < k; s++) {
    regionIds[s] = regionId[starts[s]];
    firstDay[s] = day[starts[s]];
    offsets[s] = starts[s];
  }
  offsets[k] = regionId.length;
  return { regionIds, firstDay, offsets };
}
