// covid-mesh's forecaster of weekly COVID-19 hospital admissions (hub target `wk inc covid hosp`)
// for every region in the input, horizons −1…3 after a Saturday reference date R:
//  1. scale: z = log(admissions per 100k + offset), so that states of any size share one model;
//  2. backfill: the last weeks are raised by the revisions seen at past reference dates;
//  3. point: median of the flat forecast, pooled AR members on weekly log growth and, when ED
//     visits are given, pooled VAR members of admissions and ED visits (pointForecast.ts);
//  4. spread: quantiles of the model's own errors at the past `errorOrigins` reference dates,
//     each re-forecast from what was published then, scored against the current publication,
//     pooled over regions of similar size (see realTimeErrors.ts);
//  5. online (default): the combination of step 3 and the width factor of step 4 are chosen at
//     R by rolling origin on the preceding reference dates (onlineSelection.ts, conformal.ts).
// Pure and deterministic: the same input gives the same output (no clock, no randomness).
// Design and measured results: docs/models-hospital-admissions.md.
import { dayFromIso, isSaturday } from "../epiweek.ts";
import { ForecastInputError, InsufficientHistoryError } from "../errors.ts";
import { QUANTILE_COUNT, QUANTILE_LEVELS } from "../quantileLevels.ts";
import type { WeeklySeries } from "../../../domain/mod.ts";
import { indexedAsOf, indexVersions, takeRows } from "./asOf.ts";
import { gridFromSeries, regionsOf, weekRange } from "./grid.ts";
import { hubLocationFromRegionId, hubPopulation } from "./locations.ts";
import { chooseWiden } from "./calibration.ts";
import { edScale, pastViews } from "./pastViews.ts";
import { combineMembers, memberForecasts } from "./pointForecast.ts";
import { quantileSorted7 } from "./quantile7.ts";
import { errorsFor, realTimeErrors } from "./realTimeErrors.ts";
import { selectOnline, type OnlineChoice } from "./onlineSelection.ts";
import { applyShifts, revisionShifts } from "./revisions.ts";
import { transform } from "./transform.ts";
import { DEFAULT_HOSP_OPTIONS, HOSP_HORIZONS, type HospForecast, type HospForecastInput, type HospModelOptions } from "./types.ts";
import { isoOfDay } from "../../../domain/mod.ts";

export function forecastHospitalAdmissions(input: HospForecastInput): HospForecast[] {
  return forecastWithChoice(input).forecasts;
}

/** The forecasts and, with options.online, what was chosen online at this reference date. */
export function forecastWithChoice(input: HospForecastInput): { forecasts: HospForecast[]; choice: OnlineChoice | null } {
  const R = typeof input.referenceDate === "number" ? input.referenceDate : dayFromIso(input.referenceDate);
  if (!isSaturday(R)) throw new ForecastInputError(`reference date ${isoOfDay(R)} is not a Saturday`);
  const o: HospModelOptions = { ...DEFAULT_HOSP_OPTIONS, ...input.options };
  const hospIndex = indexVersions(input.admissions);
  const current = indexedAsOf(hospIndex, R - 3);
  const regions = regionsOf(current).filter((r) => Number.isFinite(populationOf(input, r)));
  if (regions.length === 0) throw new InsufficientHistoryError(`no admissions of a known region published by ${isoOfDay(R - 3)}`);
  const [first, last] = weekRange(current);
  const weeks = (last - first) / 7 + 1;
  const axis = { regions, first, weeks, pop: Float64Array.from(regions, (r) => populationOf(input, r)) };
  const raw = transform(gridFromSeries(current, regions, first, weeks), axis.pop, o);
  const maxStep = (R + 21 - first) / 7 - Math.min(...raw.last.filter((l) => l >= 0));
  const ed = input.edVisits ? indexVersions(edRowsFrom(input.edVisits, first, R - 3)) : null;
  const extra = o.online ? o.selectionOrigins + maxStep + o.truthLag + 1 : o.calibrate ? o.calibrationOrigins + 4 : 0;
  const views = pastViews(hospIndex, ed, R, axis, o.errorOrigins + extra, o);
  const shifts = o.backfill
    ? revisionShifts(
        raw,
        views.slice(0, o.online ? o.errorOrigins : views.length).map((v) => v.hosp),
        o.neighbours,
      )
    : null;
  const now = shifts ? applyShifts(raw, shifts) : raw;
  const edNow = ed === null ? null : edScale(gridFromSeries(indexedAsOf(ed, R - 3), regions, first, weeks), o.edOffset);
  let errors: number[][][];
  let fc: Float64Array;
  let widen: Float64Array | null = null;
  let choice: OnlineChoice | null = null;
  if (o.online) {
    const om = { ...o, maxOrder: o.onlineArOrder };
    const runs = views.map((v) => {
      const then = shifts ? applyShifts(v.hosp, shifts) : v.hosp;
      return { then, members: memberForecasts({ ...then, steps: maxStep, ed: v.ed }, om) };
    });
    const sel = selectOnline(runs, memberForecasts({ ...now, steps: maxStep, ed: edNow }, om), raw, maxStep, om);
    ({ errs: errors, centre: fc, choice } = sel);
    widen = sel.choice.widen;
  } else {
    const members = memberForecasts({ ...now, steps: maxStep, ed: edNow }, o);
    const rt = realTimeErrors(raw, views, shifts, maxStep, members.paths.length, o);
    errors = rt.errs;
    if (o.calibrate) widen = chooseWiden(rt.byOrigin, raw.level.map(Math.exp), o.errorOrigins, o.calibrationOrigins, maxStep);
    fc = combineMembers(members, regions.length, maxStep, rt.weights, o);
  }

  const out: HospForecast[] = [];
  const width = maxStep + 1;
  for (let i = 0; i < regions.length; i++) {
    const L = now.last[i];
    if (L < 0) continue;
    const lastWeek = first + 7 * L;
    const mine = errorsFor(i, errors, now, o);
    for (const h of HOSP_HORIZONS) {
      const target = R + 7 * h;
      const step = (target - lastWeek) / 7;
      if (step < 0) continue;
      const centre = fc[i * width + step];
      const w = widen !== null && Number.isFinite(widen[step]) ? widen[step] : o.widen;
      const quantiles = new Float64Array(QUANTILE_COUNT);
      for (let q = 0; q < QUANTILE_COUNT; q++) {
        const z = centre + w * quantileSorted7(mine[step], QUANTILE_LEVELS[q]);
        quantiles[q] = Math.max(0, ((Math.exp(z) - o.offset) * axis.pop[i]) / 1e5);
      }
      out.push({ regionId: regions[i], location: hubLocationFromRegionId(regions[i]), referenceDate: isoOfDay(R), horizon: h, targetEndDate: isoOfDay(target), quantiles });
    }
  }
  return { forecasts: out, choice };
}

function populationOf(input: HospForecastInput, regionId: number): number {
  return input.population?.get(regionId) ?? hubPopulation(regionId);
}

/** ED rows the model can use: weeks on the admissions axis, published by the cutoff. */
function edRowsFrom(ed: WeeklySeries, firstWeek: number, cutoff: number): WeeklySeries {
  const rows: number[] = [];
  for (let i = 0; i < ed.asOf.length; i++) if (ed.weekEnd[i] >= firstWeek && ed.asOf[i] <= cutoff) rows.push(i);
  return takeRows(ed, rows);
}
