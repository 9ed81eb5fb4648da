// Small statistical helpers shared by the model sub-packages: seeded randomness and quantiles.
export { mulberry32, randomInt, shuffleInPlace, type Random } from "./random.ts";
export { quantileSorted, quantiles, medianSorted, sortedFinite } from "./quantile.ts";
