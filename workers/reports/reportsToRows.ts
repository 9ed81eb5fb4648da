// A report batch → one observation batch (typed-array columns; an absent figure is NaN, which
// never overwrites a stored value) and the entries that cannot be stored, with their reasons.
// A batch queued before the gateway checked dates and figures (or sent straight to the queue)
// may still hold a date outside the window or a figure beyond ±10^10: such an entry is rejected
// here, alone, so it neither reaches storage nor costs the rest of the batch.
import { type CaseReport, isStorableFigure, MAX_FIGURE, outsideWindowReason, windowDayOfIso } from "../../domain/mod.ts";
import type { ObservationColumns, QuarantineRecord } from "../../sql/mod.ts";
import type { RegionResolver } from "./regionResolver.ts";

const FIGURES = ["cumulativeCases", "cumulativeDeaths", "newCases", "newDeaths"] as const;

export interface ReportRows {
  columns: ObservationColumns;
  /** Line = 1-based position of the entry in the batch; raw = the entry as JSON. */
  rejected: Array<Pick<QuarantineRecord, "line" | "raw" | "reason">>;
}

const codeOf = (r: CaseReport) => (r.regionId !== undefined ? `regionId ${r.regionId}` : r.fips !== undefined ? `FIPS ${r.fips}` : `ISO3 ${r.iso3}`);

export function reportsToRows(reports: readonly CaseReport[], resolver: RegionResolver, nowMs: number = Date.now()): ReportRows {
  const n = reports.length;
  const regionId = new Int32Array(n);
  const day = new Int32Array(n);
  const cumCases = new Float64Array(n);
  const newCases = new Float64Array(n);
  const cumDeaths = new Float64Array(n);
  const newDeaths = new Float64Array(n);
  const rejected: ReportRows["rejected"] = [];
  const seen = new Map<string, number>();
  let k = 0;
  reports.forEach((r, i) => {
    const reject = (reason: string) => rejected.push({ line: i + 1, raw: JSON.stringify(r), reason });
    const id = resolver.resolve(r);
    if (id === null) return reject(`unknown region: no region in the registry has ${codeOf(r)}`);
    const d = windowDayOfIso(r.date, nowMs);
    if (d === null) {
      const parsed = Date.parse(`${r.date}T00:00:00Z`) / 86_400_000;
      return reject(`bad date: ${Number.isFinite(parsed) ? outsideWindowReason("date", parsed, nowMs) : `date "${r.date}" is not a YYYY-MM-DD date`}`);
    }
    const bad = FIGURES.find((f) => r[f] !== undefined && (typeof r[f] !== "number" || !isStorableFigure(r[f]) || Number.isNaN(r[f])));
    if (bad) return reject(`out-of-range value ${String(r[bad])} for ${bad}: not a finite number within ±${MAX_FIGURE}`);
    const key = `${id}:${d}`;
    const first = seen.get(key);
    // Two codes of one region (a UID and its FIPS) on the same day: keep the first.
    if (first !== undefined) return reject(`duplicate region-day: entry ${first + 1} already reports region ${id} on ${r.date}`);
    seen.set(key, i);
    regionId[k] = id;
    day[k] = d;
    cumCases[k] = r.cumulativeCases ?? NaN;
    newCases[k] = r.newCases ?? NaN;
    cumDeaths[k] = r.cumulativeDeaths ?? NaN;
    newDeaths[k] = r.newDeaths ?? NaN;
    k++;
  });
  return {
    columns: {
      regionId: regionId.slice(0, k),
      day: day.slice(0, k),
      cumCases: cumCases.slice(0, k),
      newCases: newCases.slice(0, k),
      cumDeaths: cumDeaths.slice(0, k),
      newDeaths: newDeaths.slice(0, k),
    },
    rejected,
  };
}
