// The risk-model recompute of the exposure-risk worker (see computeRiskModels.ts).
export { computeRiskModels } from "./computeRiskModels.ts";
export { createRiskRecomputer, MOBILITY_DATASETS, type RiskRecomputer, type RiskRecomputerOptions } from "./recomputer.ts";
export { persistRiskModels, forecastSets, type PersistResult } from "./persist.ts";
export { computeRiskModelsOffThread, RecomputeThreadError, type ThreadComputeOptions } from "./computeThread.ts";
export { attachRiskModels } from "./attach.ts";
export { latestMobility, mobilityChangeAt, mobilityFor, type LatestMobility } from "./mobility.ts";
export { clusterLevel, toAssignment, ariAgainst, CLUSTER_LEVELS, MIN_CLUSTER_REGIONS } from "./clusterLevels.ts";
export type * from "./types.ts";
