// `--select-from DATE`: covid-mesh's parameters for the report window are picked by rolling
// origin on the forecast dates from DATE up to the week before the window, scored only with
// truth known before the window starts (models/forecast/selection.ts). The choice is printed
// so that a reader can see which parameters were used and which dates chose them.
import {
  covidMeshModel,
  covidMeshModelByHorizon,
  covidMeshModelByTarget,
  isMonday,
  mondaysBetween,
  selectParameters,
  type DailyCumulativeSeries,
  type ForecastModel,
  type TargetChoice,
} from "../../models/forecast/mod.ts";
import { BacktestUsageError } from "./errors.ts";
import { isoOfDay } from "../../domain/mod.ts";

export interface ModelChoice {
  model: ForecastModel;
  /** Lines describing the parameters used (printed after the table). */
  lines: string[];
}

/**
 * covid-mesh with its defaults, or with parameters selected on [selectFrom, windowStart) when
 * selectFrom is given (with perHorizon, chosen again for each horizon from the joint choice).
 */
export function chooseCovidMesh(
  series: { cases: Map<string, DailyCumulativeSeries>; deaths: Map<string, DailyCumulativeSeries> },
  windowStart: number,
  selectFrom: number | null,
  perHorizon = false,
): ModelChoice {
  if (selectFrom === null) return { model: covidMeshModel(), lines: ["covid-mesh parameters: the model's defaults (no --select-from)"] };
  let first = selectFrom;
  while (!isMonday(first)) first++;
  let last = windowStart - 7; // its 1-week-ahead truth (Saturday windowStart − 2) is known before the window
  while (!isMonday(last)) last--;
  if (last < first) throw new BacktestUsageError(`--select-from (${isoOfDay(selectFrom)}) must be at least a week before --from (${isoOfDay(windowStart)})`);
  const choice = selectParameters({ series, selectDates: mondaysBetween(first, last), truthBefore: windowStart, perHorizon });
  const cases = choice["inc case"];
  const deaths = choice["inc death"];
  if (perHorizon && cases.byHorizon && deaths.byHorizon) {
    return {
      model: covidMeshModelByHorizon({ "inc case": cases.byHorizon, "inc death": deaths.byHorizon }),
      lines: [choiceLine(cases), choiceLine(deaths), ...horizonLines(cases), ...horizonLines(deaths)],
    };
  }
  return {
    model: covidMeshModelByTarget({ "inc case": choice["inc case"].options, "inc death": choice["inc death"].options }),
    lines: [choiceLine(choice["inc case"]), choiceLine(choice["inc death"])],
  };
}

export function choiceLine(c: TargetChoice): string {
  const params = Object.entries(c.options)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : String(v)}`)
    .join(" ");
  return (
    `covid-mesh ${c.target} parameters: ${params}; selected on forecast dates ${isoOfDay(c.firstDate)} … ${isoOfDay(c.lastDate)} ` +
    `with truth before ${isoOfDay(c.truthBefore)} (${c.scored} scored forecasts, ${c.evaluated} parameter sets; ` +
    `relative WIS there by horizon ${fmt(c.relativeWis)}, worst ${c.blockWeeks}-week block ${fmt(c.worstBlock)})`
  );
}

function horizonLines(c: TargetChoice): string[] {
  return (c.byHorizon ?? []).map((o, h) => {
    const changed = Object.entries(o).filter(([k, v]) => String(v) !== String(c.options[k as keyof typeof o]));
    const text = changed.length === 0 ? "as the joint choice" : changed.map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(",")}]` : String(v)}`).join(" ");
    return `  ${c.target} horizon ${h + 1}: ${text} (worst ${c.blockWeeks}-week block ${c.byHorizonWorst![h].toFixed(3)})`;
  });
}

const fmt = (xs: number[]) => xs.map((r) => r.toFixed(3)).join(", ");
