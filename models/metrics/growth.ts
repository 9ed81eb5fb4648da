// Growth rate and doubling time from 7-day sums: comparing whole weeks cancels the weekday
// reporting cycle that a day-over-day ratio would pick up.

/**
 * growth[t] = ln(sum7[t] / sum7[t−7]) / 7 per day. NaN when either week is unknown or
 * empty: a ratio with a zero week is 0 or ∞, which says nothing about a rate.
 */
export function weeklyGrowthRate(sum7: Float64Array, out: Float64Array = new Float64Array(sum7.length)): Float64Array {
  for (let t = 0; t < sum7.length; t++) {
    if (t < 7) {
      out[t] = Number.NaN;
      continue;
    }
    const now = sum7[t];
    const before = sum7[t - 7];
    out[t] = now > 0 && before > 0 ? Math.log(now / before) / 7 : Number.NaN;
  }
  return out;
}

/**
 * Doubling time ln 2 / g in days. A series that is flat or shrinking never doubles, so its
 * doubling time is Infinity (not a negative number, which would read as "halving time");
 * unknown growth stays NaN.
 */
export function doublingTime(growth: Float64Array, out: Float64Array = new Float64Array(growth.length)): Float64Array {
  for (let t = 0; t < growth.length; t++) {
    const g = growth[t];
    out[t] = Number.isNaN(g) ? Number.NaN : g > 0 ? Math.LN2 / g : Number.POSITIVE_INFINITY;
  }
  return out;
}
