// Repairs of reporting artefacts before the covid-mesh model looks at a weekly series. The
// scored truth is left alone; this only keeps one outage from poisoning trends and the
// empirical error distribution for a year (on the log scale a single 0 week among
// thousands is a jump of ten units).
//  1. A week ≤ 0 after a recent week of at least GAP_MIN_LEVEL counts is a reporting gap or
//     a correction, not an epidemic value: it becomes unknown.
//  2. A positive week that ends a run of zero-gap weeks holds the backlog of the gap: it is
//     spread evenly over the gap and itself.
//  3. Unknown weeks inside the series are interpolated on the log scale; unknown weeks at
//     the end carry the last known value forward (a nowcast of "no change").
// Returns log-scale values z = ln(1 + y); leading unknown weeks stay NaN.

const GAP_MIN_LEVEL = 10;
const GAP_LOOKBACK = 4;

export function cleanWeeklyToLog(weekly: Float64Array): Float64Array {
  const n = weekly.length;
  const y = Float64Array.from(weekly);
  let gapStart = -1; // first week of the current run of zero-gap weeks
  for (let i = 0; i < n; i++) {
    const v = weekly[i];
    if (Number.isNaN(v)) continue;
    if (v <= 0 && recentMax(weekly, i) >= GAP_MIN_LEVEL) {
      y[i] = Number.NaN;
      if (v === 0 && gapStart < 0) gapStart = i;
      if (v < 0) gapStart = -1; // a correction is not a gap: nothing to redistribute
      continue;
    }
    if (gapStart >= 0 && v > 0) {
      const share = v / (i - gapStart + 1);
      for (let j = gapStart; j <= i; j++) y[j] = share;
    }
    gapStart = -1;
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = Number.isNaN(y[i]) ? Number.NaN : Math.log1p(Math.max(0, y[i]));
  fillUnknown(z);
  return z;
}

function recentMax(weekly: Float64Array, i: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let j = Math.max(0, i - GAP_LOOKBACK); j < i; j++) if (weekly[j] > m) m = weekly[j];
  return m;
}

function fillUnknown(z: Float64Array): void {
  let lastKnown = -1;
  for (let i = 0; i < z.length; i++) {
    if (Number.isNaN(z[i])) continue;
    if (lastKnown >= 0 && i - lastKnown > 1) {
      for (let j = lastKnown + 1; j < i; j++) z[j] = z[lastKnown] + ((z[i] - z[lastKnown]) * (j - lastKnown)) / (i - lastKnown);
    }
    lastKnown = i;
  }
  if (lastKnown >= 0) for (let j = lastKnown + 1; j < z.length; j++) z[j] = z[lastKnown];
}
