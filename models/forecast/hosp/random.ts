// Small seeded PRNGs so that the flat baseline is a pure function of its input: a SplitMix32-style
// integer hash (Steele, Lea & Flood 2014, 32-bit variant) for seeds and draws, and Marsaglia's
// xorshift32 inside the shuffle. Not for cryptography.

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4294967296;
  };
}

/** Fisher–Yates shuffle in place, positions drawn from `random`'s first value as a xorshift32 seed (fast: no call per element). */
export function shuffleInPlace(x: Float64Array, random: () => number): void {
  let s = Math.floor(random() * 4294967296) >>> 0 || 0x9e3779b9;
  for (let i = x.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    const t = x[i];
    x[i] = x[j];
    x[j] = t;
  }
}
