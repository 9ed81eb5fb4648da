// The range of a stored figure (a count, a rate, a percent change): finite and within ±10^10,
// more than there are people. Beyond it a value is a typo or an overflow (`1e999` is Infinity
// in JavaScript); it is quarantined where it enters, never stored, so one bad cell cannot make
// storage refuse a whole batch. NaN is not out of range: it means "not published".

export const MAX_FIGURE = 1e10;

/** True for NaN (unknown) and for finite values within ±MAX_FIGURE. */
export function isStorableFigure(v: number): boolean {
  return Number.isNaN(v) || Math.abs(v) <= MAX_FIGURE;
}
