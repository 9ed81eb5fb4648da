// Risk clusters of regions: k-means++ with restarts over z-scored features, k by silhouette,
// quality (silhouette, Calinski–Harabasz) and run-to-run stability (adjusted Rand index).
export { clusterRegions } from "./clusterRegions.ts";
export { kMeans, seedPlusPlus } from "./kmeans.ts";
export { meanSilhouette, calinskiHarabasz } from "./quality.ts";
export { adjustedRandIndex } from "./adjustedRand.ts";
export { standardize, unstandardize } from "./standardize.ts";
export { relabelByScore, reorderRows } from "./riskOrder.ts";
export { ClusterInputError } from "./errors.ts";
export type * from "./types.ts";
