// A small seeded PRNG so that every forecast is a pure function of its input: SplitMix32-style
// integer hashing (Steele, Lea & Flood 2014, 32-bit variant). Not for cryptography.

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

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(x: Float64Array, random: () => number): void {
  for (let i = x.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = x[i];
    x[i] = x[j];
    x[j] = t;
  }
}
