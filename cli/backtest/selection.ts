// `--select-from DATE`: covid-mesh's parameters for the report window are picked by rolling
// origin on the forecast dates from DATE up to the week before the window, scored only with
// truth known before the window starts (models/forecast/selection.ts). The choice is printed
// so that a reader can see which parameters were used and which dates chose them.
import {
  covidMeshModel, covidMeshModelByTarget, isoDate, isMonday, mondaysBetween, selectParameters,
  type DailyCumulativeSeries, type ForecastModel, type TargetChoice,
} from "../../models/forecast/mod.ts";
import { BacktestUsageError } from "./errors.ts";

export interface ModelChoice {
  model: ForecastModel;
  /** Lines describing the parameters used (printed after the table). */
  lines: string[];
}

/** covid-mesh with its defaults, or with parameters selected on [selectFrom, windowStart) when selectFrom is given. */
export function chooseCovidMesh(
  series: { cases: Map<string, DailyCumulativeSeries>; deaths: Map<string, DailyCumulativeSeries> },
  windowStart: number,
  selectFrom: number | null,
): ModelChoice {
  if (selectFrom === null) return { model: covidMeshModel(), lines: ["covid-mesh parameters: the model's defaults (no --select-from)"] };
  let first = selectFrom;
  while (!isMonday(first)) first++;
  let last = windowStart - 7; // its 1-week-ahead truth (Saturday windowStart − 2) is known before the window
  while (!isMonday(last)) last--;
  if (last < first) throw new BacktestUsageError(`--select-from (${isoDate(selectFrom)}) must be at least a week before --from (${isoDate(windowStart)})`);
  const choice = selectParameters({ series, selectDates: mondaysBetween(first, last), truthBefore: windowStart });
  return {
    model: covidMeshModelByTarget({ "inc case": choice["inc case"].options, "inc death": choice["inc death"].options }),
    lines: [choiceLine(choice["inc case"]), choiceLine(choice["inc death"])],
  };
}

export function choiceLine(c: TargetChoice): string {
  const params = Object.entries(c.options).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : String(v)}`).join(" ");
  return (
    `covid-mesh ${c.target} parameters: ${params}; selected on forecast dates ${isoDate(c.firstDate)} … ${isoDate(c.lastDate)} ` +
    `with truth before ${isoDate(c.truthBefore)} (${c.scored} scored forecasts, ${c.evaluated} parameter sets; ` +
    `relative WIS there by horizon ${fmt(c.relativeWis)}, worst ${c.blockWeeks}-week block ${fmt(c.worstBlock)})`
  );
}

const fmt = (xs: number[]) => xs.map((r) => r.toFixed(3)).join(", ");
