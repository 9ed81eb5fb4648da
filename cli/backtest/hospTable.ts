// The hospital-admissions backtest as a Markdown table: one row per model and horizon (the
// same rows as --json), then each model's mean relative WIS over horizons 0–3.
import type { HospChoiceRow } from "./hospRun.ts";
import type { HospScoreRow } from "./hospScoring.ts";

export function formatHospTable(rows: HospScoreRow[]): string {
  const header = ["model", "target", "horizon", "WIS", "rel WIS", "MAE", "cov50", "cov95", "n"];
  const f = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : "NaN");
  const lines = rows.map((r) => [r.model, r.target, String(r.horizon), f(r.wis, 2), f(r.relativeWis, 3), f(r.mae, 2), f(r.coverage50, 3), f(r.coverage95, 3), String(r.n)]);
  for (const model of new Set(rows.map((r) => r.model))) {
    // Over the horizons that have anything scored (the newest reference dates lack truth at 3).
    const xs = rows.filter((r) => r.model === model && r.n > 0).map((r) => r.relativeWis);
    const hs = rows.filter((r) => r.model === model && r.n > 0).map((r) => r.horizon);
    const label = hs.length === 0 ? "mean" : `mean ${Math.min(...hs)}-${Math.max(...hs)}`;
    lines.push([model, rows[0].target, label, "", xs.length === 0 ? "NaN" : f(xs.reduce((a, b) => a + b, 0) / xs.length, 3), "", "", "", ""]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i < 3 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [fmt(header), rule, ...lines.map(fmt)].join("\n");
}

/** One line per candidate: how often it was chosen online; and the median width factor per horizon. */
export function formatChoices(choices: readonly HospChoiceRow[]): string {
  if (choices.length === 0) return "covid-mesh online choices: none (options.online off)";
  const counts = new Map<string, number>();
  for (const c of choices) counts.set(c.candidate, (counts.get(c.candidate) ?? 0) + 1);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const widths = [0, 1, 2, 3, 4].map((k) => med(choices.map((c) => c.widen[k])).toFixed(2));
  const scored = choices.filter((c) => c.byScore).length;
  return (
    `covid-mesh online choices over ${choices.length} reference dates (${scored} by past score, ${choices.length - scored} fallback): ` +
    [...counts].map(([k, v]) => `${k} ${v}`).join(", ") +
    `; median width factor h-1…h3: ${widths.join(" ")}`
  );
}
