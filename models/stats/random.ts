// Seeded pseudo-random numbers, so that every stochastic step of the models (k-means++
// seeding, baseline sample paths) is reproducible from a seed.

/** A function returning uniform numbers in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: a tiny 32-bit generator with a full 2^32 period, good enough for sampling and
 * initialisation (not for cryptography). Same seed → same sequence on every platform.
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** Fisher–Yates shuffle in place: every permutation equally likely. */
export function shuffleInPlace(values: Float64Array | Int32Array, random: Random): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
}
