// Rt (effective reproduction number) by the Bettencourt–Ribeiro recursive Bayesian filter,
// as Covid Act Now applies it.
export { estimateRt, createRtWorkspace, type RtWorkspace } from "./estimateRt.ts";
export { estimateRtByRegion } from "./byRegion.ts";
export { smoothTrailing, gaussianWeights, RT_SMOOTHING_LAG_DAYS } from "./smoothing.ts";
export { applyProcessNoise } from "./processNoise.ts";
export { pmfMean, pmfQuantile } from "./posterior.ts";
export { RT_DEFAULTS, type RtOptions, type RtSeries } from "./types.ts";
