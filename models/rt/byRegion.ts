// Rt for many regions' daily new cases laid out back to back (see metrics' RegionSegments),
// reusing one workspace: no allocation per region.
import { createRtWorkspace, estimateRt } from "./estimateRt.ts";
import { ModelInputError } from "../errors.ts";
import type { RtOptions, RtSeries } from "./types.ts";

/** offsets has one entry per region plus the end; region i owns rows [offsets[i], offsets[i + 1]). */
export function estimateRtByRegion(newCases: Float64Array, offsets: Int32Array, options: RtOptions = {}): RtSeries {
  if (offsets.length === 0 || offsets[0] !== 0 || offsets[offsets.length - 1] !== newCases.length) {
    throw new ModelInputError("offsets must start at 0 and end at newCases.length");
  }
  const n = newCases.length;
  const out: RtSeries = { mean: new Float64Array(n), median: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n) };
  const ws = createRtWorkspace(options);
  for (let r = 0; r + 1 < offsets.length; r++) {
    const from = offsets[r];
    const to = offsets[r + 1];
    if (to < from) throw new ModelInputError(`offsets must be non-decreasing (region ${r})`);
    estimateRt(newCases.subarray(from, to), ws, {
      mean: out.mean.subarray(from, to),
      median: out.median.subarray(from, to),
      lower: out.lower.subarray(from, to),
      upper: out.upper.subarray(from, to),
    });
  }
  return out;
}
