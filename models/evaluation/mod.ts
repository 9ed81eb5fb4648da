// Forecast evaluation: interval score, WIS (Bracher et al. 2021), MAE, interval coverage and
// pairwise relative WIS (Cramer et al. 2022).
export { intervalScore, intervalLayout, weightedIntervalScore } from "./intervalScore.ts";
export { wisMany, summarizeScores } from "./summary.ts";
export { relativeWis, pairRatio } from "./relativeWis.ts";
export { ScoringInputError } from "./errors.ts";
export type * from "./types.ts";
