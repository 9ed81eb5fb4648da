// Point forecasts of the covid-mesh ensemble members on the log scale z = ln(1 + y). Every
// function reads only z[0 … end], so the same code serves the live forecast (end = the last
// week) and the rolling-origin replay that calibrates the quantiles (end = an earlier week).
// out[h − 1] receives the forecast for week end + h.

/**
 * Damped log-linear trend: slope b = mean weekly log change over the last `window` weeks;
 * step h adds b·φ^h. Growth and decline are damped differently (φ_up ≪ φ_down): surges end
 * abruptly (depletion, behaviour, saturated testing) and extrapolated growth overshoots at
 * every peak by a lot in absolute terms, whereas declines after a peak tend to persist.
 * A growing slope is also capped at `maxGrowth` (log units per week) before damping: the
 * faster a surge, the sooner it runs out (Omicron grew ~0.7 per week in many states and
 * peaked within three weeks). A growing slope is then multiplied by `growthScale` (1 = as is;
 * the above-previous-peak damping of covidMesh.ts).
 */
export function dampedTrend(
  z: Float64Array,
  end: number,
  window: number,
  declineDamping: number,
  growthDamping: number,
  out: Float64Array,
  maxGrowth = Number.POSITIVE_INFINITY,
  growthScale = 1,
): boolean {
  if (end - window < 0) return false;
  const raw = Math.min(maxGrowth, (z[end] - z[end - window]) / window);
  const slope = raw > 0 ? raw * growthScale : raw;
  if (Number.isNaN(slope)) return false;
  const damping = slope > 0 ? growthDamping : declineDamping;
  let level = z[end];
  let step = slope;
  for (let h = 0; h < out.length; h++) {
    step *= damping;
    level += step;
    out[h] = level;
  }
  return true;
}

/**
 * Leading-indicator member for deaths. Deaths follow reported cases by about `lag` weeks, so
 * the deaths' log change over the next h weeks is taken as `elasticity` × the cases' log
 * change from week end − lag to end − lag + h: observed for h ≤ lag, continued beyond that
 * by the cases' damped 2-week trend. The elasticity is below 1 because deaths are cases
 * convolved with a wide delay distribution (which attenuates swings) and because the case
 * fatality ratio fell whenever a wave was driven by a milder variant or better immunity.
 * `cases` is the companion series on the log scale, aligned so that index `casesEnd` is the
 * same week as `end`.
 */
export function caseLed(
  z: Float64Array,
  end: number,
  cases: Float64Array,
  casesEnd: number,
  lag: number,
  elasticity: number,
  declineDamping: number,
  growthDamping: number,
  out: Float64Array,
  maxGrowth = Number.POSITIVE_INFINITY,
): boolean {
  const base = casesEnd - lag;
  if (base < 0 || casesEnd - 2 < 0 || casesEnd >= cases.length || Number.isNaN(z[end])) return false;
  const slope = Math.min(maxGrowth, (cases[casesEnd] - cases[casesEnd - 2]) / 2);
  if (Number.isNaN(slope) || Number.isNaN(cases[base])) return false;
  const damping = slope > 0 ? growthDamping : declineDamping;
  let extension = 0;
  let step = slope;
  for (let h = 1; h <= out.length; h++) {
    let change: number;
    if (base + h <= casesEnd) change = cases[base + h] - cases[base];
    else {
      step *= damping;
      extension += step;
      change = cases[casesEnd] - cases[base] + extension;
    }
    if (Number.isNaN(change)) return false;
    out[h - 1] = z[end] + elasticity * change;
  }
  return true;
}
